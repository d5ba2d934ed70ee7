import { memo, useCallback, useLayoutEffect, useRef, type ComponentType } from 'react';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommit = (value: any) => string | void | undefined;

/**
 * `Field` memoised, with its `onCommit` handed down as one stable function that always calls the
 * latest one. Callers write `onCommit={(v) => …}` inline; without this every field of a panel
 * re-renders (and React re-writes its input's attributes) on every edit of any of them, which
 * is most of an edit's render in the inspector.
 */
export function withStableCommit<P extends { onCommit: AnyCommit }>(Field: ComponentType<P>): ComponentType<P> {
  const Memoised = memo(Field) as unknown as ComponentType<P>;
  function StableCommitField(props: P) {
    const latest = useRef(props.onCommit);
    useLayoutEffect(() => {
      latest.current = props.onCommit;
    });
    const onCommit = useCallback<AnyCommit>((value) => latest.current(value), []);
    return <Memoised {...props} onCommit={onCommit} />;
  }
  StableCommitField.displayName = `Stable(${Field.displayName ?? Field.name})`;
  return StableCommitField;
}
