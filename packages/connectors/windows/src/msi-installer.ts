import { baseName, compact } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import type { OcsfObject } from './ocsf-parts.js';
import { parseInteger } from './record.js';

const product = 'Windows Installer';

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The unnamed insertion strings of a classic (MsiInstaller) record: `Data` as a list, as
 * `{"#text": …}`, or as one text of `<string>…</string>` elements, as exporters write it.
 */
export function insertionStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => insertionStrings(item));
  if (typeof value === 'object' && value !== null && '#text' in value) {
    return insertionStrings((value as { '#text': unknown })['#text']);
  }
  const text = textOf(value);
  if (text === undefined) return [];
  if (!text.includes('<string>') && !text.includes('<string/>')) return [text];
  return [...text.matchAll(/<string>([^<]*)<\/string>|<string\/>/g)].map((match) =>
    (match[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '(NULL)' ? undefined : value;
}

/** The insertion strings; `Data` is not marked read and stays in `unmapped` as written (Sigma rules search it). */
function strings(context: MappingContext): string[] {
  const data = context.event.data;
  if (data.Data !== undefined) return insertionStrings(data.Data);
  // A list of unnamed `<Data>` elements is read as `Data0`, `Data1`, …
  const values: string[] = [];
  for (let index = 0; `Data${index}` in data; index += 1) {
    values.push(...insertionStrings(data[`Data${index}`]));
  }
  return values;
}

function requireApp(context: MappingContext, app: OcsfObject): OcsfObject {
  if (app.name === undefined) {
    throw new NormalizationError(
      `MsiInstaller event ${context.event.eventId} names no product or package`,
      { path: 'Event.EventData.Data' },
    );
  }
  return app;
}

/**
 * MsiInstaller 1040 / 1042: a Windows Installer transaction began / ended → Application
 * Lifecycle: Other ("Begin Transaction" / "End Transaction"). The record gives the package
 * (`app.path`, `app.name` = file name) and the client process id (`actor.process.pid`), not
 * whether the transaction installs, repairs or removes, so the activity is not Install.
 */
function transaction(label: string): RecordMapper {
  return (context) => {
    const [path, pid] = strings(context).map(present);
    const clientPid = parseInteger(pid);
    return context.emit(
      'applicationLifecycle',
      99,
      {
        app: requireApp(
          context,
          compact({ name: path === undefined ? undefined : baseName(path), path }),
        ),
        actor: clientPid === undefined ? undefined : { process: { pid: clientPid } },
      },
      { productName: product, activityName: label },
    );
  };
}

/**
 * MsiInstaller 1033 (installed), 1034 (removed), 1035 (reconfigured): product name, version,
 * language, status, manufacturer → Application Lifecycle: Install / Remove / Update, with the
 * installer's status (0 = success) as `status_code`.
 */
function productChange(activityId: 1 | 2 | 8): RecordMapper {
  return (context) => {
    const [name, version, , status, vendor] = strings(context).map(present);
    const code = parseInteger(status);
    return context.emit(
      'applicationLifecycle',
      activityId,
      {
        app: requireApp(context, compact({ name, version, vendor_name: vendor })),
        ...(code === undefined
          ? {}
          : {
              status_code: String(code),
              status_id: code === 0 ? 1 : 2,
              status: code === 0 ? 'Success' : 'Failure',
            }),
      },
      { productName: product },
    );
  };
}

/**
 * MsiInstaller 11707 / 11708 (installation completed / failed), 11724 / 11725 (removal
 * completed / failed): `Product: <name> -- <outcome>.` → Application Lifecycle: Install / Remove
 * with Success or Failure.
 */
function productOutcome(activityId: 1 | 2, success: boolean): RecordMapper {
  return (context) => {
    const [message] = strings(context);
    const name = message === undefined ? undefined : /^Product: (.+?) -- /.exec(message)?.[1];
    return context.emit(
      'applicationLifecycle',
      activityId,
      {
        app: requireApp(context, compact({ name })),
        status_id: success ? 1 : 2,
        status: success ? 'Success' : 'Failure',
      },
      { productName: product },
    );
  };
}

/** MsiInstaller mappers by EventID. */
export const msiInstallerMappers: Readonly<Record<number, RecordMapper>> = {
  1033: productChange(1),
  1034: productChange(2),
  1035: productChange(8),
  1040: transaction('Begin Transaction'),
  1042: transaction('End Transaction'),
  11707: productOutcome(1, true),
  11708: productOutcome(1, false),
  11724: productOutcome(2, true),
  11725: productOutcome(2, false),
};
