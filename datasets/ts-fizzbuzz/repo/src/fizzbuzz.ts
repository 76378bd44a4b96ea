/** "Fizz" for multiples of 3, "Buzz" for multiples of 5, else the number as text. */
export function fizzbuzz(n: number): string {
  if (n % 3 === 0) return 'Fizz';
  if (n % 5 === 0) return 'Buzz';
  return String(n);
}
