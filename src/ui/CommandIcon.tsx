import {
  Command as CommandGlyph,
  CopyPlus,
  Flame,
  Grid3x3,
  LayoutGrid,
  Maximize,
  Plus,
  Redo2,
  Search,
  Trash2,
  Undo2,
  ZoomIn,
  ZoomOut,
  type LucideIcon,
  type LucideProps,
} from 'lucide-react';

/**
 * The icons of the commands on the first frame's buttons (the canvas toolbar, undo and redo in the
 * top bar), by lucide's kebab-case name. The menus' other icons load with the menus (ui/menuIcons.tsx).
 */
export const BUTTON_ICONS: Readonly<Record<string, LucideIcon>> = {
  'copy-plus': CopyPlus,
  flame: Flame,
  'grid-3x3': Grid3x3,
  'layout-grid': LayoutGrid,
  maximize: Maximize,
  plus: Plus,
  'redo-2': Redo2,
  search: Search,
  'trash-2': Trash2,
  'undo-2': Undo2,
  'zoom-in': ZoomIn,
  'zoom-out': ZoomOut,
};

/** A command's icon among `icons` (a generic glyph for a name it lacks). */
export function CommandIcon({ name, icons = BUTTON_ICONS, ...props }: { name: string | undefined; icons?: Readonly<Record<string, LucideIcon>> } & LucideProps) {
  const Icon = (name && icons[name]) || CommandGlyph;
  return <Icon aria-hidden="true" focusable="false" {...props} />;
}
