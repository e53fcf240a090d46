// DOM-shaped input events for windows (Node has Event and EventTarget, not the UI event classes): KeyboardEvent,
// PointerEvent (a MouseEvent) and WheelEvent with the members browser input code reads, and the mapping from GLFW
// key codes to the DOM's `code` / `key` values.

interface ModifierInit { altKey?: boolean; ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean }

export interface KeyboardEventInit extends EventInit, ModifierInit { key?: string; code?: string; location?: number; repeat?: boolean }
export class KeyboardEvent extends Event {
  readonly key: string; readonly code: string; readonly location: number; readonly repeat: boolean;
  readonly altKey: boolean; readonly ctrlKey: boolean; readonly shiftKey: boolean; readonly metaKey: boolean;
  constructor(type: string, init: KeyboardEventInit = {}) {
    super(type, init);
    this.key = init.key ?? ""; this.code = init.code ?? ""; this.location = init.location ?? 0; this.repeat = init.repeat ?? false;
    this.altKey = !!init.altKey; this.ctrlKey = !!init.ctrlKey; this.shiftKey = !!init.shiftKey; this.metaKey = !!init.metaKey;
  }
  getModifierState(key: string): boolean {
    return ({ Alt: this.altKey, Control: this.ctrlKey, Shift: this.shiftKey, Meta: this.metaKey } as Record<string, boolean>)[key] ?? false;
  }
}

export interface MouseEventInit extends EventInit, ModifierInit {
  clientX?: number; clientY?: number; movementX?: number; movementY?: number; button?: number; buttons?: number;
}
export class MouseEvent extends Event {
  readonly clientX: number; readonly clientY: number; readonly movementX: number; readonly movementY: number;
  readonly button: number; readonly buttons: number;
  readonly altKey: boolean; readonly ctrlKey: boolean; readonly shiftKey: boolean; readonly metaKey: boolean;
  constructor(type: string, init: MouseEventInit = {}) {
    super(type, init);
    this.clientX = init.clientX ?? 0; this.clientY = init.clientY ?? 0; this.movementX = init.movementX ?? 0; this.movementY = init.movementY ?? 0;
    this.button = init.button ?? 0; this.buttons = init.buttons ?? 0;
    this.altKey = !!init.altKey; this.ctrlKey = !!init.ctrlKey; this.shiftKey = !!init.shiftKey; this.metaKey = !!init.metaKey;
  }
  // The canvas fills the window: its coordinates are the window's.
  get offsetX(): number { return this.clientX; }
  get offsetY(): number { return this.clientY; }
  get pageX(): number { return this.clientX; }
  get pageY(): number { return this.clientY; }
  get x(): number { return this.clientX; }
  get y(): number { return this.clientY; }
}

export interface PointerEventInit extends MouseEventInit { pointerId?: number; pointerType?: string; isPrimary?: boolean; pressure?: number }
export class PointerEvent extends MouseEvent {
  readonly pointerId: number; readonly pointerType: string; readonly isPrimary: boolean; readonly pressure: number;
  readonly width = 1; readonly height = 1;
  constructor(type: string, init: PointerEventInit = {}) {
    super(type, init);
    this.pointerId = init.pointerId ?? 1; this.pointerType = init.pointerType ?? "mouse"; this.isPrimary = init.isPrimary ?? true;
    this.pressure = init.pressure ?? (this.buttons ? 0.5 : 0);
  }
}

export interface WheelEventInit extends MouseEventInit { deltaX?: number; deltaY?: number; deltaZ?: number; deltaMode?: number }
export class WheelEvent extends MouseEvent {
  static readonly DOM_DELTA_PIXEL = 0; static readonly DOM_DELTA_LINE = 1; static readonly DOM_DELTA_PAGE = 2;
  readonly deltaX: number; readonly deltaY: number; readonly deltaZ: number; readonly deltaMode: number;
  constructor(type: string, init: WheelEventInit = {}) {
    super(type, init);
    this.deltaX = init.deltaX ?? 0; this.deltaY = init.deltaY ?? 0; this.deltaZ = init.deltaZ ?? 0; this.deltaMode = init.deltaMode ?? 0;
  }
}

/** GLFW mouse buttons (left, right, middle, 4, 5) -> DOM `button`, and the DOM `buttons` bit of each. */
export const DOM_BUTTON = [0, 2, 1, 3, 4];
export const DOM_BUTTONS_BIT = [1, 2, 4, 8, 16];

const NAMED: Record<number, [code: string, key: string, location?: number]> = {
  32: ["Space", " "], 39: ["Quote", "'"], 44: ["Comma", ","], 45: ["Minus", "-"], 46: ["Period", "."], 47: ["Slash", "/"],
  59: ["Semicolon", ";"], 61: ["Equal", "="], 91: ["BracketLeft", "["], 92: ["Backslash", "\\"], 93: ["BracketRight", "]"], 96: ["Backquote", "`"],
  256: ["Escape", "Escape"], 257: ["Enter", "Enter"], 258: ["Tab", "Tab"], 259: ["Backspace", "Backspace"], 260: ["Insert", "Insert"],
  261: ["Delete", "Delete"], 262: ["ArrowRight", "ArrowRight"], 263: ["ArrowLeft", "ArrowLeft"], 264: ["ArrowDown", "ArrowDown"],
  265: ["ArrowUp", "ArrowUp"], 266: ["PageUp", "PageUp"], 267: ["PageDown", "PageDown"], 268: ["Home", "Home"], 269: ["End", "End"],
  280: ["CapsLock", "CapsLock"], 281: ["ScrollLock", "ScrollLock"], 282: ["NumLock", "NumLock"], 283: ["PrintScreen", "PrintScreen"], 284: ["Pause", "Pause"],
  335: ["NumpadEnter", "Enter", 3], 340: ["ShiftLeft", "Shift", 1], 341: ["ControlLeft", "Control", 1], 342: ["AltLeft", "Alt", 1],
  343: ["MetaLeft", "Meta", 1], 344: ["ShiftRight", "Shift", 2], 345: ["ControlRight", "Control", 2], 346: ["AltRight", "Alt", 2],
  347: ["MetaRight", "Meta", 2], 348: ["ContextMenu", "ContextMenu"],
};

/** DOM `code`, `key` and `location` of a GLFW key (`name`: glfwGetKeyName's layout-aware text, if any). */
export function domKey(glfwKey: number, name: string | null, shift: boolean): { code: string; key: string; location: number } {
  if (glfwKey >= 65 && glfwKey <= 90) {
    const letter = (name && name.length === 1 ? name : String.fromCharCode(glfwKey)).toLowerCase();
    return { code: `Key${String.fromCharCode(glfwKey)}`, key: shift ? letter.toUpperCase() : letter, location: 0 };
  }
  if (glfwKey >= 48 && glfwKey <= 57) return { code: `Digit${glfwKey - 48}`, key: name ?? String(glfwKey - 48), location: 0 };
  if (glfwKey >= 290 && glfwKey <= 314) return { code: `F${glfwKey - 289}`, key: `F${glfwKey - 289}`, location: 0 };
  if (glfwKey >= 320 && glfwKey <= 329) return { code: `Numpad${glfwKey - 320}`, key: String(glfwKey - 320), location: 3 };
  const named = NAMED[glfwKey];
  if (named) return { code: named[0], key: name && named[1].length === 1 ? name : named[1], location: named[2] ?? 0 };
  return { code: "Unidentified", key: name ?? "Unidentified", location: 0 };
}
