/** True when n is a prime number. */
export function isPrime(n: number): boolean {
  for (let d = 2; d < n; d++) {
    if (n % d === 0) return false;
  }
  return true;
}
