// Objects that look like the platform's: on a browser, a GPUBuffer has no own properties at all (its IDL
// attributes are getters on GPUBuffer.prototype), so Object.keys(buffer) is [] and JSON.stringify(buffer) is
// "{}". wgpu-ts's classes keep their state in ordinary fields (`_handle` is a BigInt, which JSON.stringify
// cannot serialize: luma.gl stringifies descriptors that hold a shader module). One mechanism covers them all:
//
//   platformObjects(Class)   puts a hook between Class.prototype and its parent prototype. The first assignment
//                            of a property to an instance (a field initializer, `this.x = ...` in a constructor;
//                            tsconfig's useDefineForClassFields is false so fields are assignments) walks up the
//                            prototype chain to the hook, which defines it on the instance as non-enumerable.
//                            Later reads and writes find the own property and never reach the hook.
//   slotFields(Class)        for classes created at a high rate (buffers, bind groups, command encoders and
//                            buffers): a non-enumerable own property costs one Object.defineProperty, ~0.2 us, 4 us
//                            for a GPUBuffer's 20 fields, most of what createBuffer cost. Instead the hook gives the
//                            class's prototype a non-enumerable accessor `x` over a symbol-keyed slot (plus a
//                            writable data property for the slot, so that stores into it stop there and never reach
//                            the hook again): every later instance stores and reads through it, an inline-cached
//                            access. Accessors are slower than fields where a site sees several classes (a render
//                            pass's encoding ran 2x slower with every class on slots), so only these classes use them.
//   attributes(Class, names) makes IDL attributes prototype getters, as on browsers: the constructor's
//                            assignment stores the value (under a symbol, so it is not an own string key), later
//                            assignments throw TypeError as for a readonly attribute.
//
// Only the root classes of each hierarchy call platformObjects(); subclasses inherit the hook.

const hooked = new WeakSet<object>();
/** Prototypes whose instances keep their fields in symbol slots (slotFields). */
const slotClasses = new WeakSet<object>();

/** Instances of `cls` (exactly that class) store their fields in symbol slots behind prototype accessors. */
export function slotFields(cls: { readonly prototype: object }): void {
  slotClasses.add(cls.prototype);
}

function setterAbove(start: object | null, key: PropertyKey): PropertyDescriptor | undefined {
  for (let p = start; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

/** Instances of `cls` (and of its subclasses) get their assigned properties as non-enumerable own properties. */
export function platformObjects(cls: { readonly prototype: object; readonly name: string }): void {
  const proto = cls.prototype;
  if (hooked.has(proto)) return;
  hooked.add(proto);
  // The hook's target is an empty object over the parent, so the parent stays in the chain for `instanceof`
  // (GPUDevice.prototype instanceof EventTarget) and for patches of the parent's methods.
  const target = Object.create(Object.getPrototypeOf(proto) as object | null) as object;
  // One slot symbol per field name, shared by every class under this hook (a field a base class assigns is one
  // slot whatever the instance's class).
  const slots = new Map<PropertyKey, symbol>();
  const hook = new Proxy(target, {
    set(t, key, value, receiver) {
      // An accessor or read-only property further up (Event's, EventTarget's, Set's) keeps its meaning.
      const inherited = setterAbove(t, key);
      if (inherited && (inherited.set || inherited.get || inherited.writable === false)) return Reflect.set(t, key, value, receiver);
      const owner = Object.getPrototypeOf(receiver) as object;
      if (typeof key === "symbol" || !slotClasses.has(owner)) {
        Object.defineProperty(receiver, key, { value, writable: true, configurable: true, enumerable: false });
        return true;
      }
      let slot = slots.get(key);
      if (!slot) slots.set(key, slot = Symbol(key));
      const s = slot;
      if (!Object.prototype.hasOwnProperty.call(owner, s)) {
        Object.defineProperty(owner, s, { value: undefined, writable: true, configurable: true, enumerable: false });
        Object.defineProperty(owner, key, { configurable: true, enumerable: false, ...slotAccessor(s) });
      }
      (receiver as Record<symbol, unknown>)[s] = value;
      return true;
    },
  });
  Object.setPrototypeOf(proto, hook);
}

/**
 * A getter and setter over the slot `s`. Each pair is its own function literal (`new Function`): closures of one
 * literal share their feedback, so `this[s]` inside them would see every slot of every class and stay a generic
 * keyed access (~15 ns, not inlined: render-pass encoding ran 1.7x slower); a literal per slot keeps it a
 * monomorphic load of a constant key, inlined like a field. Where code generation is not allowed (a CSP), closures.
 */
function slotAccessor(s: symbol): { get(): unknown; set(v: unknown): void } {
  try {
    return new Function("s", "return { get() { return this[s]; }, set(v) { this[s] = v; } };")(s) as { get(): unknown; set(v: unknown): void };
  } catch {
    return {
      get(this: Record<symbol, unknown>) { return this[s]; },
      set(this: Record<symbol, unknown>, v: unknown) { this[s] = v; },
    };
  }
}

/** The getter of a readonly attribute over `slot` (its own function literal, as slotAccessor explains). */
function attributeGetter(slot: symbol): () => unknown {
  try {
    return new Function("s", "return function () { return this[s]; };")(slot) as () => unknown;
  } catch {
    return function (this: Record<symbol, unknown>) { return this[slot]; };
  }
}

/**
 * IDL attributes of `cls` as prototype getters. The first assignment on an instance (its constructor's) sets the
 * value; any later one throws TypeError, as assigning a readonly attribute does in strict code.
 */
export function attributes(cls: { readonly prototype: object; readonly name: string }, ...names: string[]): void {
  const proto = cls.prototype;
  for (const name of names) {
    const slot = Symbol(name);
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: true,
      get: attributeGetter(slot),
      set(this: Record<symbol, unknown>, v: unknown) {
        if (Object.prototype.hasOwnProperty.call(this, slot)) throw new TypeError(`Cannot assign to read only property '${name}' of ${cls.name}`);
        this[slot] = v; // stops at the prototype's data property below: a plain store, not a defineProperty
      },
    });
    Object.defineProperty(proto, slot, { value: undefined, writable: true, configurable: true, enumerable: false });
  }
}

/**
 * Accessors a class inherits from wgpu-ts's internal base classes (NativeObject's `label`), copied onto its own
 * prototype: in the IDL they come from mixins (GPUObjectBase), which browsers flatten into each interface, so
 * `GPUBuffer.prototype` owns `label` and replacing it there affects buffers only.
 */
export function flattenAccessors(cls: { readonly prototype: object }, ...names: string[]): void {
  const proto = cls.prototype;
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) continue;
    for (let p = Object.getPrototypeOf(proto) as object | null; p !== null; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (d) { if (d.get || d.set) Object.defineProperty(proto, name, d); break; }
    }
  }
}
