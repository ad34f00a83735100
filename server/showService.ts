/**
 * The show's service around the runtime: what follows from the presets on disk changing, and what
 * OSC gear may do (its commands go the operator's one path; what it did and what was refused
 * shows in the consoles' log). `createHub` only wires it.
 */
import type { HubContext } from './HubContext.ts';
import type { PresetFileProblem } from './PresetStore.ts';
import { resnapshotDisplays } from './displays.ts';
import { ConsoleLog } from './ConsoleLog.ts';
import { describeCommand } from './describeCommand.ts';
import type { OscBridgeOptions } from './oscBridge.ts';

/** Seconds a preset edited on disk while it plays takes to crossfade in. */
const EDITED_PRESET_BLEND_S = 2;

/**
 * Follows the preset store: consoles get the new list and any broken file's problems; the playing
 * preset, saved anew on disk, takes effect crossfaded.
 */
export function followPresets(ctx: HubContext): void {
  const { presets, log } = ctx;
  presets.on('change', () => ctx.operator.emit('presets', presets.list()));
  presets.on('updated', (name: string) => {
    const playing = presets.get(name);
    if (!playing || name !== ctx.runtime.preset.name) return;
    ctx.runtime.usePreset(playing, EDITED_PRESET_BLEND_S);
    resnapshotDisplays(ctx);
    ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
    log.info({ preset: name }, 'playing preset changed on disk: crossfading to it');
  });
  presets.on('problem', (problem: PresetFileProblem) => {
    const detail = problem.problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
    ctx.operator.emit('notice', { code: 'preset-error', message: `${problem.file}: ${detail}`.slice(0, 500) });
  });
}

/** The show's side of the OSC bridge: its commands take the operator's path, its reports go to the consoles' log. */
export function oscToShow(ctx: HubContext): Pick<OscBridgeOptions, 'onCommand' | 'onReport'> {
  const consoleLog = new ConsoleLog(ctx.operator);
  return {
    // Through the context: on an edge of a cluster the leader carries it out.
    onCommand: (command) => ctx.command(command, 'osc'),
    onReport: (report) => {
      if (report.kind === 'refused') {
        consoleLog.post('osc-refused', `OSC from ${report.from} refused: ${report.detail}`, `${report.from}|${report.reason}`, 5000);
      } else if (report.result.ok) {
        const what = describeCommand(report.command);
        consoleLog.post('osc', `OSC ${report.from}: ${what.text}`, `${report.from}|${what.key}`, what.continuous ? 1000 : 200);
      } else {
        consoleLog.post('osc-refused', `OSC ${report.from}: ${report.command.type} refused: ${report.result.error}`, `${report.from}|${report.command.type}|failed`, 1000);
      }
    },
  };
}
