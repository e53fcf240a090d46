// Objects that look like the platform's: on a browser, a GPUBuffer has no own properties at all (its IDL
// attributes are getters on GPUBuffer.prototype), so Object.keys(buffer) is [] and JSON.stringify(buffer) is
// "{}". wgpu-ts's classes keep their state in ordinary fields (`_handle` is a BigInt, which JSON.stringify
// cannot serialize: luma.gl stringifies descriptors that hold a shader module). One mechanism covers them all:
//
//   platformObjects(Class)   puts a hook between Class.prototype and its parent prototype. The first assignment
//                            of a property to an instance (a field initializer, `this.x = ...` in a constructor;
//                            tsconfig's useDefineForClassFields is false so fields are assignments) walks up the
//                            prototype chain to the hook. A symbol-keyed one is defined on the instance
//                            (non-enumerable), unless the class declares it (platformObjects(Class, ...symbols):
//                            a data slot on Class.prototype, so the store never reaches the hook). A string-keyed one is stored under a symbol too, behind a
//                            non-enumerable accessor the hook defines once on Class.prototype: an instance then
//                            has no own string-keyed property at all (Object.getOwnPropertyDescriptors lists
//                            none, as on browsers; the CTS's idl,javascript checks it), and later reads and
//                            writes go through that accessor, never through the hook.
//                            Each accessor pair is its own compiled function over its slot, and the slot is a
//                            writable data property of that prototype, so a store stops there (a plain store,
//                            not a defineProperty, and never the hook again): createBuffer's 20 fields cost one
//                            defineProperty each before (~0.2 us apiece).
//   attributes(Class, names) makes IDL attributes prototype getters, as on browsers: the constructor's
//                            assignment stores the value (under a symbol, so it is not an own string key), later
//                            assignments throw TypeError as for a readonly attribute.
//
// Only the root classes of each hierarchy call platformObjects(); subclasses inherit the hook. Every class uses
// slots, the pass and bundle encoders too: a pass encoder is made per pass, and its ~15 fields defined one
// defineProperty each through the hook made compute-pass encoding 2.5x slower on an H200 (9.7-16 us vs
// 2.5-4.4 us a pass); the accessors cost render-pass draws about as much the other way (1.2-1.3 vs 1.7-3.3 us a
// draw), both still ahead of dawn.node (5.1 and 5.5 us; BENCHMARKS.md, Issue 15).

const hooked = new WeakSet<object>();

function setterAbove(start: object | null, key: PropertyKey): PropertyDescriptor | undefined {
  for (let p = start; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;
const fieldsOf = new WeakMap<object, ReadonlySet<string>>();
// `this.name =` (also `??=`, `+=`, `++`, ...) in a class's source: its fields. Field initializers are among them
// (tsconfig's useDefineForClassFields is false: they compile to assignments in the constructor).
const FIELD_ASSIGNMENT = /\bthis\.([A-Za-z_$][\w$]*)\s*(?:[-+*/%&|^]|\?\?|\|\||&&|<<|>>>?|\*\*)?=(?!=)|\bthis\.([A-Za-z_$][\w$]*)\s*(?:\+\+|--)/g;

function classFields(ctor: unknown): ReadonlySet<string> {
  if (typeof ctor !== "function") return new Set();
  let names = fieldsOf.get(ctor);
  if (!names) {
    const found = new Set<string>();
    for (const m of Function.prototype.toString.call(ctor).matchAll(FIELD_ASSIGNMENT)) found.add((m[1] ?? m[2])!);
    fieldsOf.set(ctor, names = found);
  }
  return names;
}

/**
 * The prototype of the class closest to `root` (included) among those between `receiver` and `root` whose code
 * assigns `this[key]`, or null. Its accessor is defined there, so `key in obj` stays false for objects of
 * other classes under the same root (pass-end.ts tells resource holders apart that way).
 */
function fieldOwner(receiver: object, root: object, key: string): object | null {
  let owner: object | null = null;
  for (let p = Object.getPrototypeOf(receiver) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (classFields(Object.getOwnPropertyDescriptor(p, "constructor")?.value).has(key)) owner = p;
    if (p === root) break;
  }
  return owner;
}

/**
 * The symbol that holds field `key` of the instances under `proto`: defined once on `proto` as a writable data
 * property (so an instance's store into it stops there: a plain store creates the instance's own slot, never the
 * hook again) with the accessor `key` over it (slotAccessor).
 */
function defineSlot(proto: object, key: string): symbol {
  const slot = Symbol(key);
  Object.defineProperty(proto, slot, { value: undefined, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(proto, key, { configurable: true, enumerable: false, ...slotAccessor(slot) });
  return slot;
}

/**
 * Instances of `cls` (and of its subclasses) keep their assigned properties out of their own string keys.
 * `symbolFields`: the symbol-keyed fields of `cls` (`[KEY] = ...` initializers). Each gets a writable data slot on
 * `cls.prototype`, so an instance's store stops there (a plain store) and never reaches the hook: through the hook
 * each was a proxy trap, a prototype walk and a defineProperty on every new object, ~1 us per object for
 * NativeObject's three (on createBuffer, createBindGroup, createCommandEncoder, finish; 2-core lavapipe VM).
 */
export function platformObjects(cls: { readonly prototype: object; readonly name: string }, ...symbolFields: symbol[]): void {
  const proto = cls.prototype;
  for (const s of symbolFields) Object.defineProperty(proto, s, { value: undefined, writable: true, configurable: true, enumerable: false });
  if (hooked.has(proto)) return;
  hooked.add(proto);
  // The hook's target is an empty object over the parent, so the parent stays in the chain for `instanceof`
  // (GPUDevice.prototype instanceof EventTarget) and for patches of the parent's methods.
  const target = Object.create(Object.getPrototypeOf(proto) as object | null) as object;
  const hook = new Proxy(target, {
    set(t, key, value, receiver) {
      // An accessor or read-only property further up (Event's, EventTarget's, Set's) keeps its meaning.
      const inherited = setterAbove(t, key);
      if (inherited && (inherited.set || inherited.get || inherited.writable === false)) return Reflect.set(t, key, value, receiver);
      // A field of the class (assigned in its code) gets a slot behind an accessor; anything else (a program's
      // expando, `obj.foo = 1`) stays an ordinary own property that `delete` removes, as on browsers.
      const owner = typeof key === "symbol" ? null : fieldOwner(receiver, proto, key);
      if (owner === null) Object.defineProperty(receiver, key, { value, writable: true, configurable: true, enumerable: false });
      else (receiver as Record<symbol, unknown>)[defineSlot(owner, key as string)] = value;
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
 * IDL attributes written as class accessors (`get label()`), on the class's own prototype and enumerable, as
 * WebIDL defines attributes (JS class accessors are not enumerable; `for (k in buffer)` lists `label` and
 * `mapState` on browsers, and the CTS's api,operation,reflection creates objects from the keys it finds so).
 * Accessors inherited from wgpu-ts's internal base classes (NativeObject's `label`) are copied: in the IDL they
 * come from mixins (GPUObjectBase), which browsers flatten into each interface, so `GPUBuffer.prototype` owns
 * `label` and replacing it there affects buffers only.
 */
export function flattenAccessors(cls: { readonly prototype: object }, ...names: string[]): void {
  const proto = cls.prototype;
  for (const name of names) {
    for (let p: object | null = proto; p !== null; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (d) { if (d.get || d.set) Object.defineProperty(proto, name, { ...d, enumerable: true }); break; }
    }
  }
}
