import { Fragment } from 'react';

/**
 * A formatted number ("3,954,440,335,276") that may break onto a second line only after a digit
 * group's comma, never inside a group and never cut off with an ellipsis (which reads as a smaller
 * number). Its text is the number's text: the break points are <wbr>, not characters.
 */
export function GroupedNumber({ text }: { text: string }) {
  const parts = text.split(',');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              ,<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
