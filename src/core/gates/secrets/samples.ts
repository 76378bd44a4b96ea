// Secret samples (rule samples, test corpora) are stored reversed, so no file in this
// repository holds a secret-shaped literal at rest: push protection, other scanners and
// `oryon gate --all` on this repo stay quiet. Reversal keeps them reviewable
// (`rev` on a line shows the sample) and is its own inverse.

export function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** A stored sample as the scanner should see it. */
export const decodeSample = reverse;
