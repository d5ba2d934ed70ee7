import { useEditor } from '../../store/editor';
import type { Flow } from '../../model/types';
import type { FieldError } from '../../store/operations';

/**
 * Runs a recipe as one undo step and hands back the refusal message, if any, for the field.
 * Recipes from store/operations return a FieldError instead of changing the document.
 */
export function editField(label: string, recipe: (draft: Flow) => FieldError | undefined | void): string | undefined {
  const error = useEditor.getState().edit(label, recipe);
  return error ? error.message : undefined;
}
