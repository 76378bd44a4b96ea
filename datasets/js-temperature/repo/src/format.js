import { toCelsius, toFahrenheit } from './convert.js';

/** "72°F (22.2°C)": the value as given, then the other unit to one decimal place. */
export function describe(value, unit) {
  if (unit === 'F') return `${value}°F (${toCelsius(value).toFixed(1)}°C)`;
  if (unit === 'C') return `${value}°C (${toFahrenheit(value).toFixed(1)}°C)`;
  throw new RangeError(`unknown unit ${unit}`);
}
