/** The n-th Fibonacci number, with fib(0) === 0 and fib(1) === 1. */
export function fib(n: number): number {
  let a = 1;
  let b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}
