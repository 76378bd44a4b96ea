import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeView, toolchainFor } from '../../../src/core/sandbox/home.js';
import { tempDir } from '../../helpers/git-repo.js';

function dir(...parts: string[]): string {
  const full = path.join(...parts);
  mkdirSync(full, { recursive: true });
  return full;
}

describe('toolchainFor', () => {
  it('binds the whole toolchain root of a PATH entry, with its companion', () => {
    expect(toolchainFor('.pyenv/shims')).toEqual(['.pyenv']);
    expect(toolchainFor('.cargo/bin')).toEqual(['.cargo', '.rustup']);
    expect(toolchainFor('.nvm/versions/node/v20.1.0/bin')).toEqual(['.nvm']);
  });

  it('names only the tool parts of ~/.local and ~/go, and a plain entry itself', () => {
    expect(toolchainFor('.local/bin')).toContain('.local/bin');
    expect(toolchainFor('.local/bin')).not.toContain('.local');
    expect(toolchainFor('.local/share/pnpm')).toEqual(['.local/share/pnpm']);
    expect(toolchainFor('go/bin')).toEqual(['go/bin', 'go/pkg']);
    expect(toolchainFor('bin')).toEqual(['bin']);
    // An entry under .local that is not one of its tool parts is still bound itself.
    expect(toolchainFor('.local/opt/tool/bin')).toContain('.local/opt/tool/bin');
  });
});

describe('homeView', () => {
  it('covers the home and binds back PATH toolchains, env-named toolchains, caches and home_allow', () => {
    const home = tempDir('oryon-home-');
    dir(home, '.pyenv', 'shims');
    dir(home, '.pyenv', 'versions', '3.11.7', 'bin');
    dir(home, '.cargo', 'bin');
    dir(home, '.rustup', 'toolchains');
    dir(home, '.local', 'bin');
    dir(home, '.local', 'share', 'keyrings');
    dir(home, 'bin');
    dir(home, '.npm', '_cacache');
    dir(home, '.config', 'mytool');
    dir(home, '.sdkman', 'candidates');
    dir(home, 'projects', 'venv', 'bin');
    writeFileSync(path.join(home, '.bashrc'), 'export TOKEN=x\n');
    const env = {
      PATH: [
        path.join(home, '.pyenv', 'shims'),
        path.join(home, '.cargo', 'bin'),
        path.join(home, 'bin'),
        path.join(home, '.local', 'bin'),
        path.join(home, 'missing', 'bin'),
        '/usr/bin',
      ].join(':'),
      SDKMAN_DIR: path.join(home, '.sdkman'),
      VIRTUAL_ENV: path.join(home, 'projects', 'venv'),
    };
    const view = homeView([home], env, ['.config/mytool', '.config/absent']);
    expect(view.tmpfs).toEqual([home]);
    expect(view.binds).toEqual(
      [
        path.join(home, '.pyenv'),
        path.join(home, '.cargo'),
        path.join(home, '.rustup'),
        path.join(home, 'bin'),
        path.join(home, '.local', 'bin'),
        path.join(home, '.sdkman'),
        path.join(home, 'projects', 'venv'),
        path.join(home, '.npm', '_cacache'),
        path.join(home, '.config', 'mytool'),
      ].sort(),
    );
    expect(view.links).toEqual([]);
  });

  it('never binds a whole home back, even when asked', () => {
    const home = tempDir('oryon-home-');
    const view = homeView([home], { PATH: home }, ['.', 'x/..']);
    expect(view.binds).toEqual([]);
  });

  it('covers both homes ($HOME and the passwd home), the outer one when nested', () => {
    const outer = tempDir('oryon-home-');
    const inner = dir(outer, 'inner');
    const other = tempDir('oryon-home-');
    expect(homeView([outer, inner, other], {}, []).tmpfs.sort()).toEqual([outer, other].sort());
  });

  it('recreates a home entry that is a link to a toolchain elsewhere, and binds where it leads', () => {
    const home = tempDir('oryon-home-');
    const elsewhere = dir(tempDir('oryon-opt-'), 'cargo');
    dir(elsewhere, 'bin');
    symlinkSync(elsewhere, path.join(home, '.cargo'));
    const view = homeView([home], { PATH: path.join(home, '.cargo', 'bin') }, []);
    expect(view.binds).toContain(elsewhere);
    expect(view.links).toEqual([{ path: path.join(home, '.cargo'), target: elsewhere }]);
  });

  it('covers the real home when $HOME is a link to it', () => {
    const real = tempDir('oryon-home-');
    dir(real, '.pyenv', 'shims');
    const link = path.join(tempDir('oryon-link-'), 'home');
    symlinkSync(real, link);
    const view = homeView([link], { PATH: path.join(link, '.pyenv', 'shims') }, []);
    expect(view.tmpfs).toEqual([real]);
    expect(view.binds).toEqual([path.join(real, '.pyenv')]);
    expect(view.links).toEqual([]);
  });
});
