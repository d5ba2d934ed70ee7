/**
 * How React reaches the editor: `<EditorProvider editor={…}>` at the root, then
 * `useEditorInstance()` for the instance (commands, slots, stores) and `useEditor(selector)`
 * for a slice of its document store. The derived-data hooks below subscribe to the instance's
 * memoised selectors; those only panels that load later use are editor/laterHooks.ts's.
 */
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Flow } from '../model/types';
import type { FlowCost } from '../cost/types';
import type { EditorState } from '../store/editor';
import type { FieldError } from '../store/operations';
import type { Editor } from './createEditor';

const EditorContext = createContext<Editor | null>(null);

export function EditorProvider({ editor, children }: { editor: Editor; children: ReactNode }) {
  return <EditorContext.Provider value={editor}>{children}</EditorContext.Provider>;
}

/** The editor of the surrounding `<EditorProvider>`. */
export function useEditorInstance(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('Creditflow: a component that needs the editor is rendered outside <EditorProvider>.');
  return editor;
}

/** A slice of the document store (re-renders when the selected value changes, by identity). */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorInstance().store, selector);
}

/** Why the simulation behind the canvas bands was refused (its message), or null. */
export function useBandsRefused(): string | null {
  return useStore(useEditorInstance().bands, (s) => s.refused);
}

/** The cost of the flow on the canvas (active scenario applied). */
export function useFlowCost(): FlowCost {
  const { store, derived } = useEditorInstance();
  return useStore(store, derived.selectFlowCost);
}

/**
 * A field's commit: runs a named recipe from store/operations as one undo step and hands back
 * the refusal message, if any, for the field (a recipe returns a FieldError instead of
 * changing the document).
 */
export function useEditField(): (label: string, recipe: (draft: Flow) => FieldError | undefined | void) => string | undefined {
  const { store } = useEditorInstance();
  return useCallback((label, recipe) => store.getState().edit(label, recipe)?.message, [store]);
}
