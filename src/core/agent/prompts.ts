import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';

export type PromptName =
  'chat-intent' | 'chat-ask' | 'system' | 'plan' | 'edit' | 'edit-whole' | 'edit-diff' | 'feedback-edit' | 'feedback-test' | 'feedback-gates' | 'review';

const cache = new Map<string, string>();

const PACKAGED = path.join(packageRoot, 'prompts');

/**
 * A prompt template, read once per process: from `overrides` when that folder has it
 * (`oryon bench --prompts DIR` compares prompt sets), else from packageRoot/prompts.
 */
export function loadPrompt(name: PromptName, overrides?: string): string {
  const override = overrides ? path.join(overrides, `${name}.md`) : undefined;
  const file = override && existsSync(override) ? override : path.join(PACKAGED, `${name}.md`);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}

/**
 * Fill {{name}} placeholders. An unknown placeholder is an error, not an empty string:
 * a typo in a template must not silently drop context. Values are inserted verbatim.
 */
export function renderPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt template uses {{${key}}} but no value was given`);
    return value;
  });
}
