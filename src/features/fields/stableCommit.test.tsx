// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { NumberField } from './NumberField';
import { TextField } from './TextField';

afterEach(cleanup);

/** Two modules' inspectors in turn: the same field, a callback that names the module shown. */
function Inspector({ moduleId, log }: { moduleId: string; log: string[] }) {
  return (
    <>
      <NumberField name="durationSec" label="Duration" value={2} onCommit={(v) => void log.push(`${moduleId}:${v}`)} />
      <TextField name="name" label="Name" value="Same name" onCommit={(v) => void log.push(`${moduleId}:${v}`)} />
    </>
  );
}

describe('fields with a stable commit', () => {
  it('commit to the module shown now, even when nothing else the field shows changed', () => {
    const log: string[] = [];
    const { rerender } = render(<Inspector moduleId="a" log={log} />);
    rerender(<Inspector moduleId="b" log={log} />);
    const duration = screen.getByTestId('field-durationSec');
    fireEvent.change(duration, { target: { value: '7' } });
    fireEvent.keyDown(duration, { key: 'Enter' });
    const name = screen.getByTestId('field-name');
    fireEvent.change(name, { target: { value: 'Renamed' } });
    fireEvent.keyDown(name, { key: 'Enter' });
    expect(log).toEqual(['b:7', 'b:Renamed']);
  });

  it('follow a new value from the document', () => {
    const { rerender } = render(<NumberField name="durationSec" label="Duration" value={2} onCommit={() => undefined} />);
    rerender(<NumberField name="durationSec" label="Duration" value={9} onCommit={() => undefined} />);
    expect((screen.getByTestId('field-durationSec') as HTMLInputElement).value).toBe('9');
  });
});
