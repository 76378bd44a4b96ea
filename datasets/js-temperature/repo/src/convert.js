export const toCelsius = (fahrenheit) => ((fahrenheit - 32) * 9) / 5;
export const toFahrenheit = (celsius) => (celsius * 9) / 5 + 32;
