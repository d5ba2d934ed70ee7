import type { FileError } from '../../io/parse';
import { errorPlace } from './importFile';

/** Every located error of a refused file: where, then what. */
export function ErrorList({ errors }: { errors: readonly FileError[] }) {
  return (
    <ul className="cf-errors" data-testid="import-errors" aria-label="Errors in the file">
      {errors.map((error, i) => (
        <li key={i} className="cf-errors__item" data-testid="import-error">
          <code className="cf-errors__place">{errorPlace(error)}</code>
          <span className="cf-errors__message">{error.message}</span>
        </li>
      ))}
    </ul>
  );
}
