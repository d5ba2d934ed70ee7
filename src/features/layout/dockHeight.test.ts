import { describe, expect, it } from 'vitest';
import { DOCK_HEIGHT_KEY, readDockHeight } from './dockHeight';
import { writeDockHeight } from './writeDockHeight';

function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('the remembered dock height (issue 18 §20)', () => {
  it('reads back the height written', () => {
    const storage = memory();
    writeDockHeight(storage, 480.4);
    expect(readDockHeight(storage)).toBe(480);
  });

  it('opens at the default when nothing, or nothing sensible, is stored', () => {
    expect(readDockHeight(memory())).toBeNull();
    for (const bad of ['', 'abc', '-300', '1e9', '20', 'NaN', '300px', '99999']) {
      expect(readDockHeight(memory({ [DOCK_HEIGHT_KEY]: bad }))).toBeNull();
    }
    expect(readDockHeight(null)).toBeNull();
  });

  it('does not remember a collapsed or an absurd height, and survives a storage that throws', () => {
    const storage = memory();
    writeDockHeight(storage, 39);
    writeDockHeight(storage, Number.NaN);
    expect(storage.items.size).toBe(0);
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => writeDockHeight(refusing, 300)).not.toThrow();
    expect(readDockHeight(refusing)).toBeNull();
  });
});
