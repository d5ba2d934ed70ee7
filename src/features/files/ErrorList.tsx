import type { FileError } from '../../io/parse';
import { errorPlace } from './importFile';

/** Every located error of a refused file (or note of an imported one): where, then what. */
export function ErrorList({
  errors,
  label = 'Errors in the file',
  tone = 'error',
}: {
  errors: readonly FileError[];
  label?: string;
  tone?: 'error' | 'note';
}) {
  return (
    <ul className={`cf-errors cf-errors--${tone}`} data-testid={tone === 'note' ? 'import-notes' : 'import-errors'} aria-label={label}>
      {errors.map((error, i) => (
        <li key={i} className="cf-errors__item" data-testid={tone === 'note' ? 'import-note' : 'import-error'}>
          <code className="cf-errors__place">{errorPlace(error)}</code>
          <span className="cf-errors__message">{error.message}</span>
        </li>
      ))}
    </ul>
  );
}
