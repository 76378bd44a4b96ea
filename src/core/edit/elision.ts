import { isElision } from './markers.js';
import { matchBlock, type Found } from './match.js';

// SEARCH blocks that skip unchanged code with `...` lines. Each piece between the
// elisions must match exactly one place, the places must come in order, and REPLACE
// must elide at the same points so every piece has its replacement.

export type ElisionOutcome = { kind: 'found'; regions: Found[] } | { kind: 'failed'; message: string } | { kind: 'none' };

function split(lines: readonly string[]): string[][] {
  const pieces: string[][] = [[]];
  for (const line of lines) {
    if (isElision(line)) pieces.push([]);
    else pieces[pieces.length - 1]!.push(line);
  }
  return pieces;
}

export function hasElision(lines: readonly string[]): boolean {
  return lines.some(isElision);
}

export function matchElided(file: readonly string[], search: readonly string[], replace: readonly string[]): ElisionOutcome {
  if (!hasElision(search)) return { kind: 'none' };
  const searchPieces = split(search);
  const replacePieces = split(replace);
  if (searchPieces.length !== replacePieces.length) {
    return {
      kind: 'failed',
      message: `SEARCH skips code with ${searchPieces.length - 1} "..." line(s) but REPLACE has ${replacePieces.length - 1}; use the same "..." lines in both, or copy the skipped lines out in full`,
    };
  }
  const regions: Found[] = [];
  let after = 0;
  for (let k = 0; k < searchPieces.length; k++) {
    const piece = searchPieces[k]!;
    const replacement = replacePieces[k]!;
    if (piece.every((l) => l.trim() === '')) {
      if (replacement.some((l) => l.trim() !== '')) {
        return {
          kind: 'failed',
          message: `REPLACE adds lines at a "..." with no SEARCH lines to anchor them (piece ${k + 1}); put real lines from the file there`,
        };
      }
      continue;
    }
    const outcome = matchBlock(file, piece, replacement);
    if (outcome.kind === 'none') {
      return { kind: 'failed', message: `piece ${k + 1} of the SEARCH (between "..." lines) was not found: "${piece.find((l) => l.trim() !== '')!.trim()}"` };
    }
    if (outcome.kind === 'ambiguous') {
      const at = outcome.starts.map((s) => s + 1).join(', ');
      return { kind: 'failed', message: `piece ${k + 1} of the SEARCH (between "..." lines) matches at lines ${at}; add lines so it matches once` };
    }
    if (outcome.start < after) {
      return { kind: 'failed', message: `the pieces of the SEARCH are not in file order (piece ${k + 1} is at line ${outcome.start + 1})` };
    }
    regions.push(outcome);
    after = outcome.start + outcome.length;
  }
  return regions.length === 0 ? { kind: 'none' } : { kind: 'found', regions };
}
