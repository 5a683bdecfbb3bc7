// jsdom has no DragEvent, which @lumino/dragdrop (under @lumino/widgets) subclasses when loaded.
if (typeof globalThis.DragEvent === 'undefined') globalThis.DragEvent = class DragEvent extends MouseEvent {};
