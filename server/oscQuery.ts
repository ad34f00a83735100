/**
 * The show's OSC address space as OSCQuery JSON (https://github.com/Vidvox/OSCQueryProposal), made
 * from the one address table ({@link OSC_ADDRESSES}) so a controller can discover what it may send
 * and what it will receive. Read-only: the hub serves it under `/oscquery` (GET only); pure here.
 */
import { OSC_ADDRESSES, type OscAddress, type OscDirection } from './oscAddresses.ts';

/** One node of the OSCQuery tree. */
export interface OscQueryNode {
  FULL_PATH: string;
  DESCRIPTION?: string;
  /** OSC type tags; `I` is OSCQuery's impulse (a trigger). */
  TYPE?: string;
  /** 1 the hub sends it (readable), 2 the hub takes it (writable), 3 both. */
  ACCESS?: 0 | 1 | 2 | 3;
  RANGE?: ({ MIN: number; MAX: number } | { VALS: readonly string[] } | null)[];
  CONTENTS?: Record<string, OscQueryNode>;
}

/** The `?HOST_INFO` answer. */
export interface OscHostInfo {
  NAME: string;
  /** Port the hub takes OSC on; absent when the bridge is off (`--osc-port` not given). */
  OSC_PORT?: number;
  OSC_IP?: string;
  OSC_TRANSPORT: 'UDP';
  EXTENSIONS: Record<string, boolean>;
}

const ACCESS: Record<OscDirection, 1 | 2 | 3> = { out: 1, in: 2, both: 3 };

function leaf(address: OscAddress): OscQueryNode {
  const node: OscQueryNode = {
    FULL_PATH: address.path,
    DESCRIPTION: address.description,
    TYPE: address.types === 'T' ? 'I' : address.types,
    ACCESS: ACCESS[address.direction],
  };
  if (address.values) node.RANGE = [{ VALS: address.values }];
  else if (address.range) node.RANGE = [{ MIN: address.range[0], MAX: address.range[1] }];
  else if (address.types === 'sf') node.RANGE = [null, { MIN: 0, MAX: 120 }];
  return node;
}

/** @returns the whole tree, rooted at `/`. */
export function oscQueryTree(): OscQueryNode {
  const root: OscQueryNode = { FULL_PATH: '/', DESCRIPTION: 'Dreamscape', CONTENTS: {} };
  for (const address of OSC_ADDRESSES) {
    const parts = address.path.split('/').slice(1);
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const contents = (node.CONTENTS ??= {});
      const name = parts[i];
      if (i === parts.length - 1) {
        // An address can be both a leaf and a container (`/phase` has no children, `/param` does not
        // carry a value): a leaf keeps whatever children were already filed under it.
        contents[name] = { ...leaf(address), ...(contents[name]?.CONTENTS ? { CONTENTS: contents[name].CONTENTS } : {}) };
      } else {
        contents[name] ??= { FULL_PATH: '/' + parts.slice(0, i + 1).join('/'), CONTENTS: {} };
        node = contents[name];
      }
    }
  }
  return root;
}

/**
 * Finds the node at an OSC path in a tree.
 * @returns the node, or undefined when no such address (or container) exists.
 */
export function oscQueryNode(tree: OscQueryNode, path: string): OscQueryNode | undefined {
  if (path === '/' || path === '') return tree;
  let node: OscQueryNode | undefined = tree;
  for (const part of path.split('/').slice(1)) {
    if (part === '') continue;
    const contents: Record<string, OscQueryNode> | undefined = node?.CONTENTS;
    // Own properties only: "__proto__" or "constructor" in a URL finds nothing.
    node = contents && Object.prototype.hasOwnProperty.call(contents, part) ? contents[part] : undefined;
    if (!node) return undefined;
  }
  return node;
}

/** @returns the `?HOST_INFO` answer. */
export function oscHostInfo(osc: { port?: number; host?: string }): OscHostInfo {
  return {
    NAME: 'Dreamscape',
    ...(osc.port !== undefined ? { OSC_PORT: osc.port } : {}),
    ...(osc.host !== undefined && osc.host !== '0.0.0.0' && osc.host !== '::' ? { OSC_IP: osc.host } : {}),
    OSC_TRANSPORT: 'UDP',
    EXTENSIONS: { ACCESS: true, RANGE: true, DESCRIPTION: true, VALUE: false, LISTEN: false, PATH_CHANGED: false },
  };
}
