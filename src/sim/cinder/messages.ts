/** Cinder's error wording, as cinder/exception.py and the API controllers phrase it. */

/** VolumeNotFound. */
export const volumeNotFound = (id: string) => `Volume ${id} could not be found.`;

/** VolumeAttachmentNotFound (the attachment API looks attachments up by id). */
export const attachmentNotFound = (id: string) => `Volume attachment could not be found with filter: attachment_id = ${id}.`;

/** VolumeTypeNotFoundByName (a type given by name or id that does not exist). */
export const volumeTypeNotFound = (name: string) => `Volume type with name ${name} could not be found.`;

/** ImageNotFound. */
export const imageNotFound = (id: string) => `Image ${id} could not be found.`;

/** InvalidInput wraps a reason. */
export const invalidInput = (reason: string) => `Invalid input received: ${reason}`;

/** InvalidVolume wraps a reason. */
export const invalidVolume = (reason: string) => `Invalid volume: ${reason}`;

/** The jsonschema validator's message for one field (cinder/api/validation/validators.py). */
export const invalidField = (field: string, value: unknown, message: string) =>
  `Invalid input for field/attribute ${field}. Value: ${pyRepr(value, false)}. ${message}`;

/** The request URL's project differs from the token's project. */
export const MALFORMED_URL = 'Malformed request url';

/** An action body that names no action this API knows. */
export const noSuchAction = (name: string) =>
  `There is no such action: ${name}. Verify the request body and Content-Type header and try again.`;

/** The volume delete API's refusal, built with build_or_str over the allowed statuses (none when forced). */
export const deleteRefused = (force: boolean) =>
  invalidVolume(
    `Volume ${force ? '' : 'status must be available or error or error_restoring or error_extending or error_managing and'} must not be ` +
      'migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
  );

/** QuotaError subclasses are "safe": the fault wrapper prefixes the class name. */
export const volumeLimitExceeded = (allowed: number) =>
  `VolumeLimitExceeded: Maximum number of volumes allowed (${allowed}) exceeded for quota 'volumes'.`;

/** VolumeSizeExceedsAvailableQuota, prefixed the same way. */
export const gigabytesExceeded = (requested: number, quota: number, consumed: number) =>
  `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`;

/** A policy refusal (PolicyNotAuthorized). */
export const policyRefused = (action: string) => `Policy doesn't allow ${action} to be performed.`;

/** Python's repr of a JSON value, as the validator prints it (`'abc'`, `None`, `True`). */
export function pyRepr(v: unknown, quoteStrings = true): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return quoteStrings ? `'${v}'` : v;
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x)).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as object).map(([k, x]) => `'${k}': ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}
