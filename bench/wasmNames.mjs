// Function names of the SIMD kernels' WebAssembly, for profiles: the shipped build has no name section,
// so the kernels are compiled again with --debug (names kept) and its code section is checked to be the
// shipped one byte for byte, so function indices mean the same functions in both.
/** Map from function index to name, for the 'relaxed' (auto) or 'baseline' build. */
export async function wasmFunctionNames(variant = 'auto') {
  const asc = (await import('assemblyscript/asc')).default;
  const { ascArgs, variants } = await import('../assembly/build.mjs');
  const extra = variants[variant === 'baseline' ? 0 : 1].args;
  const compile = async (more) => {
    let wasm = null;
    const result = await asc.main([...ascArgs, ...extra, ...more], {
      stdout: { write() {} }, stderr: { write() {} },
      writeFile: (name, contents) => { if (name.endsWith('.wasm')) wasm = Buffer.from(contents); },
    });
    if (result.error || !wasm) throw new Error(`kernels build for names failed: ${result.error?.message ?? ''}`);
    return wasm;
  };
  const [shipped, named] = await Promise.all([compile([]), compile(['--debug'])]);
  if (!sameCode(section(shipped, 10), section(named, 10))) throw new Error('the --debug build of the kernels differs from the shipped one; names would not match');
  return parseNames(named);
}

/** The payload of the first section with this id (10 = code, 0 = custom). */
function section(bytes, id, from = 8) {
  let p = from;
  while (p < bytes.length) {
    const sid = bytes[p++];
    const [size, q] = leb(bytes, p);
    if (sid === id) return bytes.subarray(q, q + size);
    p = q + size;
  }
  return null;
}

function sameCode(a, b) {
  return a !== null && b !== null && Buffer.compare(a, b) === 0;
}

function leb(bytes, p) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[p++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, p];
}

function parseNames(bytes) {
  const names = new Map();
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++];
    const [size, q] = leb(bytes, p);
    const end = q + size;
    if (id === 0) {
      const [nameLength, r] = leb(bytes, q);
      if (Buffer.from(bytes.subarray(r, r + nameLength)).toString() === 'name') {
        let s = r + nameLength;
        while (s < end) {
          const sub = bytes[s++];
          const [subSize, t] = leb(bytes, s);
          if (sub === 1) {
            let [count, u] = leb(bytes, t);
            while (count-- > 0) {
              const [index, v] = leb(bytes, u);
              const [length, w] = leb(bytes, v);
              names.set(index, Buffer.from(bytes.subarray(w, w + length)).toString().replace(/^assembly\//, ''));
              u = w + length;
            }
          }
          s = t + subSize;
        }
      }
    }
    p = end;
  }
  return names;
}
