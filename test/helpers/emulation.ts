import { executeServerCommand } from '@web/test-runner-commands';

/* Commands of scripts/emulation-plugin.mjs. */

/** Emulates media features (one list, replacing the last); `[]` goes back to none. */
export const emulateFeatures = (features: { name: string; value: string }[]) => executeServerCommand('emulate-media-features', features);

/** Emulates a phone's screen (mobile viewport rules apply); `null` goes back to the desktop window. */
export const emulateDevice = (device: { width: number; height: number } | null) => executeServerCommand('emulate-device', device);

/** Turns the mouse wheel at a point of the viewport, as a user scrolls. */
export const wheel = (x: number, y: number, deltaY: number) => executeServerCommand('wheel', { x, y, deltaY });
