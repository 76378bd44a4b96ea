// Secret samples (rule samples, test corpora) are stored reversed, so no file in this
// repository holds a secret-shaped literal at rest: push protection, other scanners and
// `oryon gate --all` on this repo stay quiet. Reversal keeps them reviewable
// (`rev` on a file shows the samples) and is its own inverse.

export function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** A stored sample (each line reversed, like `rev`) as the scanner should see it. */
export function decodeSample(stored: string): string {
  return stored.split('\n').map(reverse).join('\n');
}
