import { compact } from '@openmdr/connector-kit/normalize';
import type { RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import { fileFromPath, type OcsfObject } from './ocsf-parts.js';

const product = 'Windows PowerShell';

function powershellActor(context: Parameters<RecordMapper>[0]): OcsfObject {
  const pid = context.event.executionProcessId;
  const userId = context.event.securityUserId;
  return compact({
    process: pid === undefined ? undefined : { pid, name: 'powershell.exe' },
    user: userId === undefined ? undefined : { uid: userId },
    app_name: pid === undefined && userId === undefined ? 'PowerShell' : undefined,
  });
}

/** The rendered 4104 message: `Creating Scriptblock text (1 of 1):`, the text, `ScriptBlock ID: …`. */
const scriptBlockMessage =
  /^Creating Scriptblock text \(\d+ of \d+\):\r?\n([\s\S]*?)\r?\n\r?\nScriptBlock ID: (\S+)/;

/** PowerShell 4104: script block logging → Script Activity: Execute (Sigma `ps_script`). */
const scriptBlock: RecordMapper = (context) => {
  const data = context.data;
  // Forwarders that keep only the rendered message (NXLog) carry the script in `Message`.
  const rendered = data.has('ScriptBlockText')
    ? undefined
    : scriptBlockMessage.exec(data.peek('Message') ?? '');
  if (rendered !== null && rendered !== undefined) data.string('Message');
  const text = data.string('ScriptBlockText') ?? rendered?.[1];
  if (text === undefined) {
    throw new NormalizationError('PowerShell event 4104 has no ScriptBlockText', {
      path: 'Event.EventData.ScriptBlockText',
    });
  }
  const path = data.string('Path');
  return context.emit(
    'scriptActivity',
    1,
    {
      actor: powershellActor(context),
      script: compact({
        script_content: { value: text },
        type_id: 2,
        type: 'PowerShell',
        uid: data.string('ScriptBlockId') ?? rendered?.[2],
        file: path === undefined ? undefined : fileFromPath(path),
      }),
    },
    { productName: product },
  );
};

/** PowerShell 4103: module logging → Script Activity: Execute (Sigma `ps_module`). */
const moduleLogging: RecordMapper = (context) => {
  const data = context.data;
  const payload = data.string('Payload');
  const contextInfo = data.string('ContextInfo');
  // Forwarders that keep only the rendered message (NXLog): the message is the content.
  const content = payload ?? contextInfo ?? data.peek('Message');
  if (content === undefined) {
    throw new NormalizationError('PowerShell event 4103 has no Payload, ContextInfo or Message', {
      path: 'Event.EventData.Payload',
    });
  }
  // Payload and ContextInfo stay readable by name for Sigma rules through `unmapped`.
  const unmapped: OcsfObject = { ContextInfo: contextInfo, Payload: payload };
  return {
    ...context.emit(
      'scriptActivity',
      1,
      {
        actor: powershellActor(context),
        script: { script_content: { value: content }, type_id: 2, type: 'PowerShell' },
      },
      { productName: product },
    ),
    ...mergeUnmapped(context, unmapped),
  };
};

function mergeUnmapped(context: Parameters<RecordMapper>[0], extra: OcsfObject): OcsfObject {
  // EventData values stay as written (empty ones too); only the absent extras are left out.
  const rest = context.data.rest();
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) rest[key] = value;
  return Object.keys(rest).length > 0 ? { unmapped: rest } : {};
}

/** PowerShell (Operational and PowerShellCore) mappers by EventID. */
export const powershellMappers: Readonly<Record<number, RecordMapper>> = {
  4103: moduleLogging,
  4104: scriptBlock,
};
