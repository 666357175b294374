// The slice of the WebAssembly JS API the SIMD backend uses. The project compiles without the DOM
// library (engine/ runs in Node and VS Code's extension host), and @types/node does not declare
// these; the declarations follow lib.dom.d.ts so they merge if that library is ever added.
/* eslint-disable no-var, @typescript-eslint/no-empty-object-type -- the shapes of lib.dom.d.ts, so the two merge */
export {};

declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    interface Memory {
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      grow(delta: number): number;
    }
    var Memory: {
      prototype: Memory;
      new (descriptor: MemoryDescriptor): Memory;
    };
    interface Global {
      value: unknown;
    }
    interface Module {}
    var Module: {
      prototype: Module;
      new (bytes: ArrayBufferView | ArrayBuffer): Module;
    };
    type Exports = Record<string, unknown>;
    interface Instance {
      readonly exports: Exports;
    }
    var Instance: {
      prototype: Instance;
      new (module: Module, importObject?: Record<string, Record<string, unknown>>): Instance;
    };
    function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
  }
}
