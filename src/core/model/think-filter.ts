// Separates <think>…</think> reasoning from visible content while a reply streams.
// Tags may be split across chunks ("<thi" + "nk>"), so a possible partial tag at the
// end of a chunk is held back until the next chunk decides it.

const OPEN = '<think>';
const CLOSE = '</think>';

export interface FilteredText {
  content: string;
  thinking: string;
}

export class ThinkFilter {
  private inside = false;
  private pending = '';
  private sawThink = false;
  private visible = '';
  private reasoning = '';

  /** Feeds one streamed fragment; returns the visible text it released (possibly ""). */
  push(text: string): string {
    let buffer = this.pending + text;
    this.pending = '';
    let released = '';
    for (;;) {
      const tag = this.inside ? CLOSE : OPEN;
      const at = buffer.indexOf(tag);
      if (at >= 0) {
        released += this.emit(buffer.slice(0, at));
        this.inside = !this.inside;
        this.sawThink = true;
        buffer = buffer.slice(at + tag.length);
        continue;
      }
      const keep = partialTagLength(buffer, tag);
      released += this.emit(buffer.slice(0, buffer.length - keep));
      this.pending = buffer.slice(buffer.length - keep);
      return released;
    }
  }

  /** Reasoning that arrives in its own field (Ollama's `thinking`). */
  pushThinking(text: string): void {
    this.reasoning += text;
  }

  /** Ends the stream: releases held-back text and returns the separated totals. */
  finish(): { released: string; result: FilteredText } {
    const released = this.emit(this.pending);
    this.pending = '';
    let content = this.visible;
    let thinking = this.reasoning;
    // Some templates open <think> in the prompt, so the reply carries only the closing tag.
    const stray = content.indexOf(CLOSE);
    if (stray >= 0) {
      thinking += content.slice(0, stray);
      content = content.slice(stray + CLOSE.length);
      this.sawThink = true;
    }
    if (this.sawThink) content = content.replace(/^\s+/, '');
    return { released, result: { content, thinking: thinking.trim() } };
  }

  private emit(text: string): string {
    if (!text) return '';
    if (this.inside) {
      this.reasoning += text;
      return '';
    }
    this.visible += text;
    return text;
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

/** One-shot form for a complete text. */
export function splitThinking(text: string): FilteredText {
  const filter = new ThinkFilter();
  filter.push(text);
  return filter.finish().result;
}
