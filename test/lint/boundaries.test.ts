/**
 * The folder boundaries ESLint holds (eslint.config.js): each rule is shown to refuse the import it
 * exists for, so a config change that silently lets everything through fails here.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();

/** @returns the rule ids ESLint reports for `code` as if it were the file at `path`. */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('folder boundaries', () => {
  it('keeps core/ pure: no Node, no DOM libraries, no other folder, no any, no Math.random', async () => {
    expect(await problems('core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('core/x.ts', "import p5 from 'p5';\nexport const a = p5;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('core/arc/x.ts', "import { createHub } from '../../server/hub.ts';\nexport const a = createHub;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('core/x.ts', 'export const a = (v: any) => v;\n')).toEqual(['@typescript-eslint/no-explicit-any']);
    expect(await problems('core/x.ts', 'export const a = Math.random();\n')).toEqual(['no-restricted-properties']);
    expect(await problems('core/x.ts', "import { PHASES } from './arc/phases.ts';\nexport const a = PHASES;\n")).toEqual([]);
  });

  it('keeps the hub, the wall and the pages apart: each imports only core/ and itself', async () => {
    expect(await problems('server/x.ts', "import { Renderer } from '../display/render/Renderer.ts';\nexport const a = Renderer;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('display/x.ts', "import { createHub } from '../server/hub.ts';\nexport const a = createHub;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('controller/operator/x.ts', "import { Scene } from '../../display/render/Scene.ts';\nexport const a = Scene;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('keeps full zod off the phone (zod/mini and its own contract only), while its types may come from the protocol', async () => {
    expect(await problems('controller/phone/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('controller/phone/x.ts', "import { welcomeSchema } from '../../core/protocol.ts';\nexport const a = welcomeSchema;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('controller/phone/x.ts', "import type { Welcome } from '../../core/protocol.ts';\nexport type A = Welcome;\n")).toEqual([]);
    expect(await problems('controller/operator/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
    expect(await problems('core/wire/phone.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('core/wire/common.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('core/wire/phone.ts', "import * as z from 'zod/mini';\nexport const a = z;\n")).toEqual([]);
    // The phone parses with zod/mini and the /audience contract written in it, never full zod.
    expect(await problems('controller/phone/x.ts', "import * as z from 'zod/mini';\nexport const a = z;\n")).toEqual([]);
    expect(await problems('controller/phone/x.ts', "import { welcomeSchema } from '../../core/wire/phone.ts';\nexport const a = welcomeSchema;\n")).toEqual([]);
    expect(await problems('controller/phone/x.ts', "import { showFrameSchema } from '../../core/wire/wall.ts';\nexport const a = showFrameSchema;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('controller/phone/x.ts', "import { operatorStatusSchema } from '../../core/wire/operator.ts';\nexport const a = operatorStatusSchema;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
  });
});
