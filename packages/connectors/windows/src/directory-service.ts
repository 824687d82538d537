import { baseName, compact } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import { fileFromPath, type OcsfObject } from './ocsf-parts.js';
import { objectAccessActor, subjectActor } from './security.js';

const product = 'Windows Security Auditing';

/** `managed_entity.type_id` for an Active Directory object class or a SAM object type. */
const entityTypes: Record<string, [number, string]> = {
  user: [2, 'User'],
  inetorgperson: [2, 'User'],
  sam_user: [2, 'User'],
  group: [3, 'Group'],
  sam_group: [3, 'Group'],
  sam_alias: [3, 'Group'],
  computer: [1, 'Device'],
  domaindns: [4, 'Organization'],
  organizationalunit: [4, 'Organization'],
  sam_domain: [4, 'Organization'],
  grouppolicycontainer: [5, 'Policy'],
  // 4662 names the class by its schemaIDGUID.
  'bf967aba-0de6-11d0-a285-00aa003049e2': [2, 'User'],
  'bf967a9c-0de6-11d0-a285-00aa003049e2': [3, 'Group'],
  'bf967a86-0de6-11d0-a285-00aa003049e2': [1, 'Device'],
  '19195a5b-6da0-11d0-afd3-00c04fd930c9': [4, 'Organization'],
  'bf967aa5-0de6-11d0-a285-00aa003049e2': [4, 'Organization'],
  'f30e3bc2-9ff0-11d1-b603-0000f80367c1': [5, 'Policy'],
};

/**
 * `type_id` and `type` of an entity from `field` (`ObjectClass`, `ObjectType`): a known class
 * gets its OCSF type, any other is type Other with the Windows value as `type`. The Windows
 * value stays in `unmapped` as written (Sigma rules compare it). `%{guid}` and `{guid}` are
 * looked up without case.
 */
function entityType(context: MappingContext, field: string): OcsfObject {
  const value = context.data.peek(field);
  if (value === undefined) return {};
  const known = entityTypes[value.replace(/^%?\{|\}$/g, '').toLowerCase()];
  return known === undefined ? { type_id: 99, type: value } : { type_id: known[0], type: known[1] };
}

/** `AccessList` (`%%7688\n\t\t…`) as a list of its access names. */
function accessList(value: string | undefined): string[] | undefined {
  const entries = value?.split(/\s+/).filter((entry) => entry !== '');
  return entries === undefined || entries.length === 0 ? undefined : entries;
}

function requireEntity(context: MappingContext, entity: OcsfObject, field: string): OcsfObject {
  if (entity.name === undefined && entity.uid === undefined) {
    throw new NormalizationError(`Security event ${context.event.eventId} has no ${field}`, {
      path: `Event.EventData.${field}`,
    });
  }
  return entity;
}

/**
 * Security 5136 (modified), 5137 (created), 5139 (moved), 5141 (deleted): a directory service
 * object → Entity Management. `entity` is the object (name = DN, uid = objectGUID, type =
 * objectClass); for 5136 `entity.data` holds the changed attribute (`attribute`, `value`,
 * `syntax_oid`); for 5139 `entity_result` is the object at its new DN.
 */
function directoryObject(activityId: 1 | 3 | 4 | 5): RecordMapper {
  return (context) => {
    const data = context.data;
    const dn = activityId === 5 ? data.string('OldObjectDN') : data.string('ObjectDN');
    const type = entityType(context, 'ObjectClass');
    const attribute = data.string('AttributeLDAPDisplayName');
    const entity = requireEntity(
      context,
      compact({
        name: dn,
        uid: data.string('ObjectGUID'),
        ...type,
        data:
          attribute === undefined
            ? undefined
            : compact({
                attribute,
                value: data.string('AttributeValue'),
                syntax_oid: data.string('AttributeSyntaxOID'),
              }),
      }),
      activityId === 5 ? 'OldObjectDN' : 'ObjectDN',
    );
    const newDn = activityId === 5 ? data.string('NewObjectDN') : undefined;
    return context.emit(
      'entityManagement',
      activityId,
      {
        entity,
        entity_result:
          newDn === undefined ? undefined : compact({ name: newDn, uid: entity.uid, ...type }),
        actor: subjectActor(context),
      },
      { productName: product },
    );
  };
}

// Directory service access rights (the `AccessMask` of DS objects).
const DS_DELETE = 0x10000 | 0x40 | 0x2;
const DS_WRITE = 0x20 | 0x8 | 0x1 | 0x40000 | 0x80000;
const DS_READ = 0x10 | 0x4 | 0x80 | 0x100 | 0x20000;

/** Entity Management activity for a directory-service access mask: Delete, Update, Read or Other. */
function directoryActivity(mask: number | undefined): 2 | 3 | 4 | 99 {
  if (mask === undefined) return 99;
  if ((mask & DS_DELETE) !== 0) return 4;
  if ((mask & DS_WRITE) !== 0) return 3;
  if ((mask & DS_READ) !== 0) return 2;
  return 99;
}

/**
 * Security 4661 (a handle to an object was requested) and 4662 (an operation was performed on
 * an object), for directory service and SAM objects → Entity Management. For `ObjectServer`
 * `DS` the activity follows the access mask (delete → Delete, write property / DACL / owner /
 * create child → Update, read property / list / control access → Read); SAM masks mean other
 * things per object type, so those records are Other. `Properties` (the GUIDs of the rights and
 * attributes used, which DCSync rules search) stays in `unmapped`.
 */
function objectOperation(label: string): RecordMapper {
  return (context) => {
    const data = context.data;
    const server = data.peek('ObjectServer');
    const mask = data.integer('AccessMask');
    const activityId = server === 'DS' ? directoryActivity(mask) : 99;
    const entity = requireEntity(
      context,
      compact({ name: data.string('ObjectName'), ...entityType(context, 'ObjectType') }),
      'ObjectName',
    );
    const actor = context.data.has('ProcessName')
      ? objectAccessActor(context)
      : subjectActor(context);
    return context.emit(
      'entityManagement',
      activityId,
      { entity, actor, access_mask: mask, access_list: accessList(data.string('AccessList')) },
      { productName: product, activityName: label },
    );
  };
}

/**
 * Security 4798 (a user's local group membership was enumerated) and 4799 (a security-enabled
 * local group's membership was enumerated) → Entity Management: Read of the user or group
 * (`entity.name` = TargetUserName, `uid` = TargetSid), `actor.process` = CallerProcessName/Id.
 */
function membershipEnumerated(typeId: 2 | 3): RecordMapper {
  return (context) => {
    const data = context.data;
    const processName = data.string('CallerProcessName');
    const pid = data.integer('CallerProcessId');
    const entity = requireEntity(
      context,
      compact({
        name: data.string('TargetUserName'),
        uid: data.string('TargetSid'),
        type_id: typeId,
        type: typeId === 2 ? 'User' : 'Group',
        ...(data.peek('TargetDomainName') === undefined
          ? {}
          : { data: { domain: data.string('TargetDomainName') } }),
      }),
      'TargetUserName',
    );
    return context.emit(
      'entityManagement',
      2,
      {
        entity,
        actor: compact({
          ...subjectActor(context),
          process:
            pid === undefined
              ? undefined
              : compact({
                  pid,
                  name: processName === undefined ? undefined : baseName(processName),
                  file: processName === undefined ? undefined : fileFromPath(processName),
                }),
        }),
      },
      { productName: product },
    );
  };
}

/** Security mappers for directory service and SAM objects (Entity Management). */
export const directoryServiceMappers: Readonly<Record<number, RecordMapper>> = {
  4661: objectOperation('Object Handle Request'),
  4662: objectOperation('Object Operation'),
  4798: membershipEnumerated(2),
  4799: membershipEnumerated(3),
  5136: directoryObject(3),
  5137: directoryObject(1),
  5139: directoryObject(5),
  5141: directoryObject(4),
};
