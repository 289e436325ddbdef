/** Glance's error wording, as glance/common/exception.py and the v2 controllers phrase it. */

/** ImageNotFound from the image repository (missing, deleted or not visible to the caller). */
export const imageNotFound = (id: string) => `No image found with ID ${id}`;

/** The policy enforcer's Forbidden. */
export const notAuthorized = (action: string) => `You are not authorized to complete ${action} action.`;

/** ProtectedImageDelete. */
export const imageProtected = (id: string) => `Image ${id} is protected and cannot be deleted.`;

/** ReadonlyProperty. */
export const readOnly = (attr: string) => `Attribute '${attr}' is read-only.`;

/** ReservedProperty. */
export const reserved = (attr: string) => `Attribute '${attr}' is reserved.`;

/** Duplicate, from the database layer. */
export const duplicateImage = (id: string) => `Image ID ${id} already exists!`;

/** InvalidImageStatusTransition. */
export const badTransition = (from: string, to: string) => `Image status transition from ${from} to ${to} is not allowed`;

/** InvalidObject: a request body that fails the image schema. */
export const schemaMismatch = (reason: string) => `Provided object does not match schema 'image': ${reason}`;

/** The add_image policy's message when the owner is not the caller's project. */
export const notYourOwner = (owner: string) => `You are not permitted to create images owned by '${owner}'`;

/** Image.deactivate / reactivate on a status they do not apply to. */
export const cannotDeactivate = (status: string) => `Not allowed to deactivate image in status '${status}'`;
export const cannotReactivate = (status: string) => `Not allowed to reactivate image in status '${status}'`;

/** Download of a deactivated image by a non-admin. */
export const DEACTIVATED_DOWNLOAD = 'The requested image has been deactivated. Image data download is forbidden.';

/** The domain model refuses data before both formats are known. */
export const formatsRequired = (missing: string[]) =>
  missing.length === 1 ? `Property ${missing[0]} must be set prior to saving data.` : `Properties ${missing.join(', ')} must be set prior to saving data.`;

/** webob's HTTPUnsupportedMediaType with glance's InvalidContentType as the detail. */
export const unsupportedMediaType = (type: string | undefined) =>
  `The request media type ${type ?? 'None'} is not supported by this server.\n\nInvalid content type ${type ?? 'None'}`;
