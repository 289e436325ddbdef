/** Errors that become HTTP responses in the style of each service. */

/** The error envelope a service answers with. */
export type ErrorStyle = 'keystone' | 'nova' | 'cinder' | 'neutron' | 'placement' | 'glance';

/** A REST error thrown by a handler; the router turns it into the response, in one place. */
export class ApiError extends Error {
  status: number;
  /** Neutron's exception type (NetworkNotFound), Placement's error code (placement.concurrent_update). */
  type?: string;
  headers: Record<string, string>;
  constructor(status: number, message: string, opts: { type?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.type = opts.type;
    this.headers = opts.headers ?? {};
  }
}

/** Builds an ApiError; `type` is the Neutron exception name or Placement code where the service has one. */
export function apiError(status: number, message: string, type?: string): ApiError {
  return new ApiError(status, message, { type });
}

const TITLES: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  300: 'Multiple Choices',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The HTTP reason phrase for a status. */
export function reason(status: number): string {
  return TITLES[status] ?? 'Error';
}

// Nova and Cinder name their envelope after the fault (nova/api/openstack/wsgi.py Fault).
const NOVA_FAULTS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  406: 'notAcceptable',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

const NEUTRON_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  503: 'HTTPServiceUnavailable',
};

/** The JSON error body `style` answers with for `err`. */
export function errorBody(style: ErrorStyle, err: ApiError, requestId: string): unknown {
  const { status, message } = err;
  switch (style) {
    case 'keystone':
      return { error: { code: status, title: reason(status), message } };
    case 'nova':
    case 'cinder': {
      // Cinder's Fault has no name for 406 or 429 (cinder/api/openstack/wsgi.py _fault_names): those fall to computeFault.
      const cinderless = style === 'cinder' && (status === 406 || status === 429);
      const fault = (!cinderless && NOVA_FAULTS[status]) || 'computeFault';
      const body: Record<string, unknown> = { code: status, message };
      if (status === 413 || status === 429) body.retryAfter = '0';
      return { [fault]: body };
    }
    case 'neutron':
      return { NeutronError: { type: err.type ?? NEUTRON_TYPES[status] ?? 'NeutronException', message, detail: '' } };
    case 'placement':
      return {
        errors: [
          { status, title: reason(status), detail: message, code: err.type ?? 'placement.undefined_code', request_id: requestId },
        ],
      };
    case 'glance':
      return { code: `${status} ${reason(status)}`, title: reason(status), message };
  }
}
