// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { NumberField } from './NumberField';
import { EstimateField } from './EstimateField';
import fc from 'fast-check';
import { formatNumber, parseNumber, parseRange, spreadAround } from './numbers';
import type { Estimate } from '../../model/types';

afterEach(cleanup);

function type(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
}

/** A field bound to state, as the inspector binds it to the document. */
function Bound(props: { initial: number | undefined; onCommit: (v: number | undefined) => void; min?: number; max?: number; scale?: number; allowEmpty?: boolean }) {
  const [value, setValue] = useState(props.initial);
  return (
    <NumberField
      name="durationSec"
      label="Duration"
      unit="s"
      value={value}
      min={props.min}
      max={props.max}
      scale={props.scale}
      allowEmpty={props.allowEmpty}
      placeholder="1"
      onCommit={(v) => {
        props.onCommit(v);
        setValue(v);
      }}
    />
  );
}

describe('parseNumber', () => {
  it('reads numbers, digit groups and exponents, and refuses the rest', () => {
    expect(parseNumber('2.5')).toEqual({ ok: true, value: 2.5 });
    // "1,500" is 1500 as everywhere (issue 13 item 4: it was 1.5 here); a decimal comma is ambiguous.
    expect(parseNumber('1,500')).toEqual({ ok: true, value: 1500 });
    expect(parseNumber(' 2,5 ')).toMatchObject({ ok: false, message: expect.stringContaining('ambiguous') });
    expect(parseNumber('1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('abc').ok).toBe(false);
    expect(parseNumber('1.2.3').ok).toBe(false);
    expect(parseNumber('Infinity').ok).toBe(false);
    expect(parseNumber('0x10').ok).toBe(false);
    expect(parseNumber('').ok).toBe(false);
    expect(parseNumber('', { allowEmpty: true })).toEqual({ ok: true, value: undefined });
  });

  it('reads back every number a field shows (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(parseNumber(formatNumber(n))).toEqual({ ok: true, value: Number(n.toPrecision(12)) });
      }),
      { numRuns: 1000 },
    );
  });

  it('applies bounds and whole-number rules', () => {
    expect(parseNumber('-1', { min: 0 })).toEqual({ ok: false, message: 'Must be at least 0' });
    expect(parseNumber('101', { max: 100 })).toEqual({ ok: false, message: 'Must be at most 100' });
    expect(parseNumber('2.5', { integer: true }).ok).toBe(false);
    expect(parseNumber('100', { min: 0, max: 100 })).toEqual({ ok: true, value: 100 });
  });

  it('checks the order of a range', () => {
    expect(parseRange({ min: '1', likely: '2', max: '3' })).toEqual({ ok: true, value: { min: 1, likely: 2, max: 3 } });
    expect(parseRange({ min: '3', likely: '2', max: '4' }).ok).toBe(false);
    expect(parseRange({ min: '1', likely: '5', max: '4' }).ok).toBe(false);
    expect(parseRange({ min: '', likely: '5', max: '6' }).ok).toBe(false);
  });

  it('spreads a number into an ordered range inside the bounds', () => {
    expect(spreadAround(10)).toEqual({ min: 5, likely: 10, max: 15 });
    expect(spreadAround(80, { min: 0, max: 100 })).toEqual({ min: 40, likely: 80, max: 100 });
    expect(spreadAround(0)).toEqual({ min: 0, likely: 0, max: 1 });
  });
});

describe('NumberField', () => {
  it('commits once on blur, not on every key', () => {
    const onCommit = vi.fn();
    render(<Bound initial={1} onCommit={onCommit} min={0} />);
    const input = screen.getByTestId('field-durationSec') as HTMLInputElement;
    type(input, '4');
    type(input, '4.');
    type(input, '4.5');
    expect(onCommit).not.toHaveBeenCalled();
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledTimes(1);
    expect(onCommit).toHaveBeenCalledWith(4.5);
    expect(input.value).toBe('4.5');
  });

  it('commits on Enter', () => {
    const onCommit = vi.fn();
    render(<Bound initial={1} onCommit={onCommit} />);
    const input = screen.getByTestId('field-durationSec');
    type(input, '3');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).toHaveBeenCalledWith(3);
  });

  it('does not commit an unchanged value', () => {
    const onCommit = vi.fn();
    render(<Bound initial={2} onCommit={onCommit} />);
    const input = screen.getByTestId('field-durationSec');
    type(input, '2.0');
    fireEvent.blur(input);
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('refuses an invalid value with a message and never commits it', () => {
    const onCommit = vi.fn();
    render(<Bound initial={1} onCommit={onCommit} min={0} />);
    const input = screen.getByTestId('field-durationSec') as HTMLInputElement;
    type(input, '-3');
    fireEvent.blur(input);
    expect(onCommit).not.toHaveBeenCalled();
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at least 0');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.value).toBe('-3');
    type(input, 'lots');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).not.toHaveBeenCalled();
    expect(screen.getByTestId('field-error').textContent).toContain('is not a number');
    // fixing it commits and clears the message
    type(input, '7');
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledWith(7);
    expect(screen.queryByTestId('field-error')).toBeNull();
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('reverts to the document value on Escape', () => {
    const onCommit = vi.fn();
    render(<Bound initial={1.5} onCommit={onCommit} min={0} />);
    const input = screen.getByTestId('field-durationSec') as HTMLInputElement;
    type(input, '-9');
    fireEvent.blur(input);
    expect(screen.getByTestId('field-error')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('1.5');
    expect(screen.queryByTestId('field-error')).toBeNull();
    fireEvent.blur(input);
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('follows the document when it changes outside the field (undo)', () => {
    const { rerender } = render(<NumberField name="x" label="X" value={1} onCommit={() => {}} />);
    rerender(<NumberField name="x" label="X" value={2} onCommit={() => {}} />);
    expect((screen.getByTestId('field-x') as HTMLInputElement).value).toBe('2');
  });

  it('clears to the default when empty is allowed, and shows the default as placeholder', () => {
    const onCommit = vi.fn();
    render(<Bound initial={3} onCommit={onCommit} allowEmpty />);
    const input = screen.getByTestId('field-durationSec') as HTMLInputElement;
    expect(input.placeholder).toBe('1');
    type(input, '');
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledWith(undefined);
  });

  it('keeps the text and shows the message when the document refuses the value', () => {
    const onCommit = vi.fn((v: number | undefined) => (v === 0 ? 'Reference duration must be above zero.' : undefined));
    render(<NumberField name="ref" label="Reference" value={10} onCommit={onCommit} />);
    const input = screen.getByTestId('field-ref') as HTMLInputElement;
    type(input, '0');
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledWith(0);
    expect(screen.getByTestId('field-error').textContent).toBe('Reference duration must be above zero.');
    expect(input.value).toBe('0');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('10');
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it(`reads a number typed with the field's own unit after it ("30 s", "50%"), and refuses another unit`, () => {
    const onCommit = vi.fn();
    render(<Bound initial={1} onCommit={onCommit} />);
    const input = screen.getByTestId('field-durationSec') as HTMLInputElement;
    type(input, '30 s');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).toHaveBeenLastCalledWith(30);
    type(input, '4.5S');
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenLastCalledWith(4.5);
    type(input, '30 KB');
    fireEvent.blur(input);
    expect(screen.getByTestId('field-error').textContent).toMatch(/^“30 KB”: “KB” is not this field’s unit/);
    expect(onCommit).toHaveBeenCalledTimes(2);
    expect(parseNumber('50%', { unit: '%', min: 0, max: 100 })).toEqual({ ok: true, value: 50 });
    expect(parseNumber('50 %', { unit: '%' })).toEqual({ ok: true, value: 50 });
    expect(parseNumber('%', { unit: '%' }).ok).toBe(false);
    expect(parseRange({ min: '10 %', likely: '20%', max: '30' }, { unit: '%' })).toEqual({ ok: true, value: { min: 10, likely: 20, max: 30 } });
  });

  it('shows a share as a percentage and commits the share', () => {
    const onCommit = vi.fn();
    render(<Bound initial={0.9} onCommit={onCommit} scale={100} min={0} max={100} />);
    const input = screen.getByTestId('field-durationSec') as HTMLInputElement;
    expect(input.value).toBe('90');
    type(input, '33');
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledWith(0.33);
    type(input, '120');
    fireEvent.blur(input);
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at most 100');
    expect(onCommit).toHaveBeenCalledTimes(1);
  });
});

describe('the note on a bare number between 0 and 1 in a field of % (read as that percentage)', () => {
  /** A share typed in percent, as the pass rate and failure rate are (typedRule: unit %, scale 100). */
  function Share(props: { initial: number; onCommit: (v: number | undefined) => void; hint?: string }) {
    const [value, setValue] = useState<number | undefined>(props.initial);
    return (
      <NumberField
        name="passRate"
        label="Pass rate"
        unit="%"
        scale={100}
        min={0}
        max={100}
        hint={props.hint}
        value={value}
        onCommit={(v) => {
          props.onCommit(v);
          setValue(v);
        }}
      />
    );
  }
  const note = () => screen.queryByTestId('field-note');

  it('says "0.5" is read as 0.5 % while it is typed and once committed, and keeps the value as 0.5 %', () => {
    const onCommit = vi.fn();
    render(<Share initial={0.9} onCommit={onCommit} hint="The share of bundles you expect to pass." />);
    const input = screen.getByTestId('field-passRate') as HTMLInputElement;
    expect(note()).toBeNull();
    type(input, '0.5');
    expect(note()?.textContent).toBe('Read as 0.5 %. For 50 %, type 50.');
    fireEvent.keyDown(input, { key: 'Enter' });
    // Accepted as typed: 0.5 % is the share 0.005. The note stays (not an error), named by the input.
    expect(onCommit).toHaveBeenCalledWith(0.005);
    expect(input.value).toBe('0.5');
    expect(note()?.textContent).toBe('Read as 0.5 %. For 50 %, type 50.');
    expect(note()?.getAttribute('role')).toBe('status');
    expect(input.getAttribute('aria-describedby')).toBe(note()?.id);
    expect(screen.queryByTestId('field-error')).toBeNull();
    // Typing 50 takes it away, and the field's hint is back.
    type(input, '50');
    expect(note()).toBeNull();
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenLastCalledWith(0.5);
    expect(note()).toBeNull();
    expect(screen.getByText('The share of bundles you expect to pass.')).toBeTruthy();
  });

  it('says nothing when the unit is typed, for 0, 1 and above, or in a field of another unit', () => {
    render(<Share initial={0.9} onCommit={vi.fn()} />);
    const input = screen.getByTestId('field-passRate');
    for (const text of ['0.5%', '0.5 percent', '0', '1', '12.5']) {
      type(input, text);
      expect(note(), text).toBeNull();
    }
    cleanup();
    render(<Bound initial={1} onCommit={vi.fn()} />);
    type(screen.getByTestId('field-durationSec'), '0.5');
    expect(note()).toBeNull();
  });

  it('an error wins over the note, and a value from elsewhere (an undo) takes the note away', () => {
    function Undoable() {
      const [value, setValue] = useState<number | undefined>(0.9);
      return (
        <>
          <NumberField name="passRate" label="Pass rate" unit="%" scale={100} min={0} max={100} value={value} onCommit={setValue} />
          <button type="button" onClick={() => setValue(0.9)}>
            undo
          </button>
        </>
      );
    }
    render(<Undoable />);
    const input = screen.getByTestId('field-passRate') as HTMLInputElement;
    type(input, '0.5');
    fireEvent.blur(input);
    expect(note()).not.toBeNull();
    fireEvent.click(screen.getByText('undo'));
    expect(input.value).toBe('90');
    expect(note()).toBeNull();
    type(input, '0.5x');
    fireEvent.blur(input);
    expect(screen.getByTestId('field-error')).toBeTruthy();
    expect(note()).toBeNull();
  });

  it('in a range, notes the part typed as a bare fraction', () => {
    const onCommit = vi.fn();
    render(<BoundEstimate initial={{ min: 0.4, likely: 0.6, max: 0.8 }} onCommit={onCommit} scale={100} max={100} unit="%" />);
    const likely = screen.getByTestId('field-iterations-likely');
    type(likely, '0.7');
    fireEvent.keyDown(likely, { key: 'Enter' });
    // Min 40 % is above likely 0.7 %: refused, and the error is what shows.
    expect(screen.getByTestId('field-error').textContent).toBe('Min must not be above likely');
    type(screen.getByTestId('field-iterations-min'), '0.25');
    fireEvent.keyDown(likely, { key: 'Enter' });
    expect(onCommit).toHaveBeenLastCalledWith({ min: 0.0025, likely: 0.007, max: 0.8 });
    expect(screen.getByTestId('field-note').textContent).toBe('Read as 0.25 %. For 25 %, type 25.');
  });
});

function BoundEstimate(props: { initial: Estimate | undefined; onCommit: (v: Estimate | undefined) => void; scale?: number; max?: number; unit?: string }) {
  const [value, setValue] = useState(props.initial);
  return (
    <EstimateField
      name="iterations"
      label="Items"
      unit={props.unit ?? 'items'}
      value={value}
      fallback={10}
      min={0}
      max={props.max}
      scale={props.scale}
      allowEmpty
      onCommit={(v) => {
        props.onCommit(v);
        setValue(v);
      }}
    />
  );
}

describe('EstimateField (range mode)', () => {
  it('switches a number to a range around it and back to its likely value', () => {
    const onCommit = vi.fn();
    render(<BoundEstimate initial={20} onCommit={onCommit} />);
    fireEvent.click(screen.getByTestId('field-iterations-range-toggle'));
    expect(onCommit).toHaveBeenLastCalledWith({ min: 10, likely: 20, max: 30 });
    expect((screen.getByTestId('field-iterations-likely') as HTMLInputElement).value).toBe('20');
    expect(screen.queryByTestId('field-iterations')).toBeNull();
    fireEvent.click(screen.getByTestId('field-iterations-range-toggle'));
    expect(onCommit).toHaveBeenLastCalledWith(20);
    expect((screen.getByTestId('field-iterations') as HTMLInputElement).value).toBe('20');
  });

  it('starts a range from the default when the field is empty', () => {
    const onCommit = vi.fn();
    render(<BoundEstimate initial={undefined} onCommit={onCommit} />);
    fireEvent.click(screen.getByTestId('field-iterations-range-toggle'));
    expect(onCommit).toHaveBeenLastCalledWith({ min: 5, likely: 10, max: 15 });
  });

  it('commits a valid range once and refuses min > likely or likely > max', () => {
    const onCommit = vi.fn();
    render(<BoundEstimate initial={{ min: 1, likely: 2, max: 3 }} onCommit={onCommit} />);
    const min = screen.getByTestId('field-iterations-min');
    const likely = screen.getByTestId('field-iterations-likely');
    const max = screen.getByTestId('field-iterations-max');
    type(min, '5');
    fireEvent.blur(min);
    expect(onCommit).not.toHaveBeenCalled();
    expect(screen.getByTestId('field-error').textContent).toBe('Min must not be above likely');
    type(likely, '6');
    fireEvent.blur(likely);
    expect(screen.getByTestId('field-error').textContent).toBe('Likely must not be above max');
    expect(onCommit).not.toHaveBeenCalled();
    type(max, '8');
    fireEvent.keyDown(max, { key: 'Enter' });
    expect(onCommit).toHaveBeenCalledTimes(1);
    expect(onCommit).toHaveBeenCalledWith({ min: 5, likely: 6, max: 8 });
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('reverts all three parts on Escape', () => {
    const onCommit = vi.fn();
    render(<BoundEstimate initial={{ min: 1, likely: 2, max: 3 }} onCommit={onCommit} />);
    const min = screen.getByTestId('field-iterations-min') as HTMLInputElement;
    type(min, 'x');
    fireEvent.blur(min);
    expect(screen.getByTestId('field-error')).toBeTruthy();
    fireEvent.keyDown(min, { key: 'Escape' });
    expect(min.value).toBe('1');
    expect(screen.queryByTestId('field-error')).toBeNull();
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('keeps a percentage range inside 0..100 and commits shares', () => {
    const onCommit = vi.fn();
    render(<BoundEstimate initial={0.8} onCommit={onCommit} scale={100} max={100} />);
    fireEvent.click(screen.getByTestId('field-iterations-range-toggle'));
    expect(onCommit).toHaveBeenLastCalledWith({ min: 0.4, likely: 0.8, max: 1 });
  });
});

describe('the note in range mode is about the parts typed', () => {
  /** A failure rate stored as a range of small shares (0.1 % / 0.5 % / 2 %), shown in %. */
  function FailureRate({ initial }: { initial: Estimate }) {
    const [value, setValue] = useState<Estimate | undefined>(initial);
    return <EstimateField name="failureRate" label="Failure rate" unit="%" scale={100} min={0} max={100} fallback={0} value={value} onCommit={setValue} />;
  }

  it('says nothing about a min shown as 0.1 when only the max is typed, while typing and after Enter', () => {
    render(<FailureRate initial={{ min: 0.001, likely: 0.005, max: 0.02 }} />);
    const max = screen.getByTestId('field-failureRate-max');
    fireEvent.change(max, { target: { value: '3' } });
    expect(screen.queryByTestId('field-note')).toBeNull();
    fireEvent.keyDown(max, { key: 'Enter' });
    expect(screen.queryByTestId('field-note')).toBeNull();
  });

  it('speaks of the part typed as a bare fraction, and keeps it after Enter', () => {
    render(<FailureRate initial={{ min: 0.001, likely: 0.005, max: 0.02 }} />);
    const likely = screen.getByTestId('field-failureRate-likely');
    fireEvent.change(likely, { target: { value: '0.7' } });
    expect(screen.getByTestId('field-note').textContent).toMatch(/Read as 0\.7 %/);
    fireEvent.keyDown(likely, { key: 'Enter' });
    expect(screen.getByTestId('field-note').textContent).toMatch(/Read as 0\.7 %/);
    expect(likely.getAttribute('aria-describedby')).toBe(screen.getByTestId('field-note').id);
  });
});
