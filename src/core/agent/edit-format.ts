export type EditFormatSetting = 'auto' | 'diff' | 'whole';
export type FileEditForm = 'whole' | 'diff';

/**
 * How the model should edit one file. Small local models score far higher rewriting a
 * small file whole than producing exact SEARCH blocks; large files must use SEARCH/REPLACE
 * to keep the reply (and its cost) bounded. New files are always written whole.
 */
export function editFormFor(setting: EditFormatSetting, lineCount: number | undefined, wholeFileMaxLines: number): FileEditForm {
  if (lineCount === undefined) return 'whole';
  if (setting === 'whole') return 'whole';
  if (setting === 'diff') return 'diff';
  return lineCount <= wholeFileMaxLines ? 'whole' : 'diff';
}

export function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}
