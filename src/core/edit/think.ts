// Reasoning models wrap drafts in <think>…</think>. Edits in there are not meant to be
// applied, so the sections are blanked out — keeping newlines so line numbers still
// point into the original reply.

const blank = (text: string): string => text.replace(/[^\n]/g, '');

export function blankThinking(text: string): string {
  let result = text;
  // A reply can start mid-thought when the chat template opened <think> for the model.
  const firstClose = result.indexOf('</think>');
  const firstOpen = result.indexOf('<think>');
  if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) {
    const end = firstClose + '</think>'.length;
    result = blank(result.slice(0, end)) + result.slice(end);
  }
  return result.replace(/<think>[\s\S]*?(?:<\/think>|$)/g, blank);
}
