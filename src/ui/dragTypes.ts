/** The drag-and-drop type the palette sets and the canvas accepts; the data is the module type. */
export const MODULE_DRAG_TYPE = 'application/x-creditflow-module';
