/** part as a percentage of total, to one decimal place, within 0..100; 0 when total is 0. */
export function percent(part: number, total: number): number {
  return (part / total) * 100;
}
