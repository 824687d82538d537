import { compact, type OcsfPart } from './compact.js';

/** True when an OCSF process can be identified (`pid`, `uid` or `cpid`, as OCSF requires). */
export function hasProcessIdentity(process: OcsfPart | undefined): process is OcsfPart {
  return (
    process !== undefined &&
    (process['pid'] !== undefined || process['uid'] !== undefined || process['cpid'] !== undefined)
  );
}

/**
 * Evidences for a process: the process (with its parent when the parent can be identified), or,
 * when the vendor gave no process id, its image file and command line as file evidence, so
 * nothing known is lost and OCSF's identity constraint holds.
 */
export function processEvidences(process: OcsfPart | undefined, extra: OcsfPart = {}): OcsfPart[] {
  if (!process) return [];
  const out: OcsfPart[] = [];
  const parent = process['parent_process'] as OcsfPart | undefined;
  const { parent_process: _parent, ...withoutParent } = process;
  const self = hasProcessIdentity(parent) ? process : withoutParent;
  if (hasProcessIdentity(self)) out.push(compact({ process: self, ...extra }));
  else if (self['file'])
    out.push(
      compact({
        file: self['file'],
        name: 'process_image',
        data: { cmd_line: self['cmd_line'] },
        ...extra,
      }),
    );
  if (parent && !hasProcessIdentity(parent) && parent['file'])
    out.push(
      compact({
        file: parent['file'],
        name: 'parent_process_image',
        data: { cmd_line: parent['cmd_line'] },
      }),
    );
  else if (parent && hasProcessIdentity(parent) && !hasProcessIdentity(self))
    out.push(compact({ process: parent, name: 'parent_process' }));
  return out;
}
