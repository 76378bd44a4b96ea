// Loading plugins: chat's slash commands are one namespace, so a plugin command named like
// a built-in or like another plugin's command is refused at load (exit 2), naming both.
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/core/errors.js';
import { loadPlugins } from '../../../src/core/plugins/load.js';
import { makeRepo, writeFile } from '../../helpers/git-repo.js';

const command = (plugin: string, name: string): string =>
  `export default { name: ${JSON.stringify(plugin)}, commands: [{ name: ${JSON.stringify(name)}, description: "d", run: () => "x" }] };\n`;

describe('loadPlugins: slash command names', () => {
  it('loads commands with names of their own', async () => {
    const repo = makeRepo({ 'plugins/a.mjs': command('a', 'todo'), 'plugins/b.mjs': command('b', 'lint-report') });
    const plugins = await loadPlugins(['./plugins/a.mjs', './plugins/b.mjs'], repo);
    expect(plugins.map((plugin) => [plugin.name, plugin.commands.map((c) => c.name), plugin.source])).toEqual([
      ['a', ['todo'], './plugins/a.mjs'],
      ['b', ['lint-report'], './plugins/b.mjs'],
    ]);
  });

  it("refuses a command named like a built-in, or like another plugin's", async () => {
    const repo = makeRepo({ 'plugins/a.mjs': command('a', 'todo') });
    writeFile(repo, 'plugins/help.mjs', command('helper', 'help'));
    writeFile(repo, 'plugins/b.mjs', command('b', 'todo'));
    const builtin = loadPlugins(['./plugins/help.mjs'], repo);
    await expect(builtin).rejects.toBeInstanceOf(BadInputError);
    await expect(builtin).rejects.toThrow('plugins: ./plugins/help.mjs: command /help has the name of a built-in chat command');
    await expect(loadPlugins(['./plugins/a.mjs', './plugins/b.mjs'], repo)).rejects.toThrow(
      'plugins: ./plugins/b.mjs: command /todo has the name of a command of plugin a (./plugins/a.mjs)',
    );
  });
});
