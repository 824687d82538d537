import {
  compact,
  enumAttribute,
  type FindingTimes,
  filePart,
  findingActivityId,
  findingStatus,
  type OcsfPart,
  part,
  type RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';

/** `metadata.product` of Defender for Endpoint events. */
export const DEFENDER_ENDPOINT_PRODUCT = {
  name: 'Microsoft Defender for Endpoint',
  vendor_name: 'Microsoft',
} as const;

/** `metadata.product` of Defender XDR (Graph security) events. */
export const DEFENDER_XDR_PRODUCT = {
  name: 'Microsoft Defender XDR',
  vendor_name: 'Microsoft',
} as const;

/** OCSF `verdict_id` from a Defender classification (either API's spelling). */
export function verdictId(classification: string | undefined): number | undefined {
  switch (classification?.replaceAll(/[\s_]/g, '').toLowerCase()) {
    case undefined:
    case '':
      return undefined;
    case 'truepositive':
      return 2;
    case 'falsepositive':
      return 1;
    case 'informationalexpectedactivity':
    case 'benignpositive':
      return 5;
    case 'unknown':
      return 0;
    default:
      return 99;
  }
}

/** OCSF finding `status_id` from a Defender status (`New`, `inProgress`, `resolved`, …). */
export function findingStatusId(status: string | undefined): number {
  switch (status?.toLowerCase()) {
    case undefined:
      return 0;
    case 'new':
      return 1;
    case 'inprogress':
    case 'active':
    case 'awaitingaction':
      return 2;
    case 'resolved':
      return 4;
    case 'unknown':
      return 0;
    default:
      return 99;
  }
}

/** A user from Defender account fields (`accountName`, `domainName`, `userSid`, …). */
export function accountUser(account: RecordReader | undefined): OcsfPart | undefined {
  if (!account) return undefined;
  const principal = account.string('userPrincipalName');
  return part({
    name: account.string('accountName') ?? account.string('userName') ?? principal,
    domain: account.string('domainName'),
    uid:
      account.string('userSid') ?? account.string('azureAdUserId') ?? account.string('aadUserId'),
    uid_alt: account.string('azureAdUserId') ?? account.string('aadUserId'),
    email_addr: principal?.includes('@') ? principal : undefined,
    display_name: account.string('displayName'),
  });
}

/** A file from Defender file fields (`fileName`, `filePath`, `sha1`, `sha256`, `fileSize`). */
export function defenderFile(file: RecordReader | undefined): OcsfPart | undefined {
  if (!file) return undefined;
  const folder = file.string('filePath');
  const name = file.string('fileName');
  const path = folder && name ? `${folder.replace(/[\\/]$/, '')}\\${name}` : folder;
  return filePart({
    name,
    path,
    md5: file.string('md5'),
    sha1: file.string('sha1'),
    sha256: file.string('sha256'),
    size: file.number('fileSize'),
    executable: /\.(exe|dll|sys|scr|com)$/i.test(name ?? ''),
    extra: compact({ company_name: file.string('filePublisher') ?? file.string('signer') }),
  });
}

/**
 * The state both Defender alert APIs give the same way: activity (a resolved alert is closed),
 * `severity`, `status`, `classification` as the verdict, the update time, and `is_alert`.
 */
export function alertState(
  alert: RecordReader,
  times: FindingTimes,
): { activity_id: number; severity_id: number; time: number; is_alert: true } & OcsfPart {
  const status = alert.string('status');
  const statusId = findingStatusId(status);
  const classification = alert.string('classification');
  return {
    activity_id: findingActivityId(statusId === 4, times),
    severity_id: severityIdOf(alert.string('severity')),
    ...findingStatus(statusId, status),
    ...enumAttribute('verdict', verdictId(classification), classification),
    time: times.updated,
    is_alert: true,
  };
}

/** The detector of an alert (`detectorId`, `detectionSource`) as an OCSF analytic, if named. */
export function detectorAnalytic(alert: RecordReader): OcsfPart | undefined {
  const uid = alert.string('detectorId');
  return uid ? compact({ uid, type_id: 0, category: alert.string('detectionSource') }) : undefined;
}
