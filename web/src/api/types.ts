// Names for the API's types the pages share, all taken from the generated schema (never restated), and the
// few lists of values a form offers. A list is checked against the schema's union at compile time: a value
// the server adds or drops fails `npm run typecheck` until the list follows.
import type { ApiBody, ApiData, ApiQuery } from './client.ts';

/**
 * A list of every member of `T`, in the order a form shows them: `allOf<Role>()([...])`. A missing member
 * fails the type check (it names the missing ones), and so does one `T` does not have.
 */
export const allOf =
  <T extends string | number>() =>
  <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L =>
    list;

type Item<L> = L extends readonly (infer X)[] ? X : never;

// ---------- session, users, organisation ----------
export type Session = ApiData<'/api/auth/session'>;
export type User = ApiData<'/api/users/{id}'>;
export type Me = ApiData<'/api/me'>;
export type Role = Item<User['roles']>;
export type Locale = Me['locale'];
export type UserListItem = Item<ApiData<'/api/users'>['items']>;
export type UserCreate = ApiBody<'/api/users', 'post'>;
export type Profession = NonNullable<UserCreate['profession']>;
export type CareProvider = Item<ApiData<'/api/care-providers'>>;
export type CareProviderInput = ApiBody<'/api/care-providers', 'post'>;
export type CareProviderKind = CareProvider['kind'];
export type DeliveryArea = Item<ApiData<'/api/delivery-areas'>>;
export type Customer = ApiData<'/api/customers/{id}'>;
export type CustomerInput = ApiBody<'/api/customers', 'post'>;
export type Address = Item<Customer['addresses']>;
export type BufferStore = Item<Customer['bufferStores']>;
export type BufferStoreSize = BufferStore['size'];
export type News = Item<ApiData<'/api/news'>>;
export type NewsSeverity = News['severity'];
export type AuditEntry = Item<ApiData<'/api/audit'>['items']>;
export type AuditQuery = ApiQuery<'/api/audit'>;
export type AuditSearch = ApiBody<'/api/audit/search', 'post'>;
export type AuditSearchResult = ApiData<'/api/audit/search', 'post'>;
export type AuditSearchEntry = Item<AuditSearchResult['items']>;

export const ROLES = allOf<Role>()([
  'prescriber',
  'orderer',
  'localSupport',
  'customerService',
  'technician',
  'driver',
  'warehouse',
  'consultant',
  'finance',
  'assortment',
  'functionCoordinator',
  'systemAdmin',
  'logReviewer',
  'preparationGroup',
]);
export const PROFESSIONS = allOf<Profession>()([
  'occupationalTherapist',
  'physiotherapist',
  'nurse',
  'doctor',
  'speechTherapist',
  'assistantNurse',
  'technician',
  'administrator',
  'other',
]);
export const CARE_PROVIDER_KINDS = allOf<CareProviderKind>()(['region', 'municipality', 'private']);
export const BUFFER_STORE_SIZES = allOf<BufferStoreSize>()(['mini', 'small', 'medium', 'large']);
export const WEEKDAYS = [1, 2, 3, 4, 5] as const;

// ---------- article register (catalogue) ----------
export type Article = ApiData<'/api/catalogue/articles/{id}'>;
export type ArticleCreate = ApiBody<'/api/catalogue/articles', 'post'>;
export type ArticleUpdate = ApiBody<'/api/catalogue/articles/{id}', 'patch'>;
export type ArticleSearchQuery = ApiQuery<'/api/catalogue/articles/search'>;
export type ArticleSearchResult = ApiData<'/api/catalogue/articles/search'>;
export type ArticleSearchItem = Item<ArticleSearchResult['items']>;
export type ArticleRef = Item<Article['parts']>;
export type ArticleMedia = Item<Article['media']>;
export type MediaItem = Item<ApiData<'/api/catalogue/articles/{id}/media'>>;
export type Price = NonNullable<Article['customerPrice']>;
export type PriceInput = ApiBody<'/api/catalogue/articles/{id}/prices', 'post'>;
export type ChargingForm = Article['chargingForm'];
export type StockForm = Article['stockForm'];
export type MediaKind = ArticleMedia['kind'];
export type PriceKind = Price['kind'];
export type IsoEdition = NonNullable<Article['isoEdition']>;
export type IsoChild = Item<ApiData<'/api/catalogue/iso'>>;
export type IsoNodeDetail = ApiData<'/api/catalogue/iso/{code}'>;
export type ArticleHistoryEntry = Item<ApiData<'/api/catalogue/articles/{id}/history'>>;
export type Supplier = Item<ApiData<'/api/catalogue/suppliers'>>;
export type ImportBatch = ApiData<'/api/catalogue/imports/{id}'>;
export type ImportBatchListItem = Item<ApiData<'/api/catalogue/imports'>>;
export type ImportReport = NonNullable<ImportBatch['report']>;
export type ImportIssue = Item<ImportReport['errors']>;
export type ImportStatus = ImportBatch['status'];

export const CHARGING_FORMS = allOf<ChargingForm>()(['rent', 'sale', 'saleWithReturn']);
export const STOCK_FORMS = allOf<StockForm>()(['stock', 'orderItem']);
export const MEDIA_KINDS = allOf<MediaKind>()(['image', 'userManual', 'prescriberInfo', 'serviceManual']);
export const PRICE_KINDS = allOf<PriceKind>()(['general', 'agreed']);

// ---------- patients and orders (ordering side) ----------
export type Patient = ApiData<'/api/patients/{id}'>;
export type PatientKind = Patient['kind'];
export type OrderTypes = ApiData<'/api/ordering/order-types'>;
export type OrderTypeInfo = Item<OrderTypes['orderTypes']>;
export type WorkOrderTypeInfo = Item<OrderTypes['workOrderTypes']>;
export type Order = ApiData<'/api/orders/{id}'>;
export type OrderType = Order['orderType'];
export type OrderStatus = Order['status'];
export type OrderLine = Item<Order['lines']>;
export type LineStatus = OrderLine['status'];
export type OrderAttachment = Item<Order['attachments']>;
export type TimelineEntry = Item<Order['timeline']>;
export type TimelineType = TimelineEntry['type'];
export type DraftInput = ApiBody<'/api/orders/{id}', 'put'>;
/** The order's type-specific details as the draft sends them (the order's answer describes them only as a record). */
export type OrderDetails = NonNullable<DraftInput['details']>;
export type DeliveryInput = DraftInput['delivery'];
export type DeliveryKind = DeliveryInput['kind'];
export type OtherAddress = Extract<DeliveryInput, { kind: 'otherAddress' }>['address'];
export type OrderLineInput = Item<DraftInput['lines']>;
export type OrderListQuery = ApiQuery<'/api/orders'>;
export type OrderListItem = Item<ApiData<'/api/orders'>['items']>;
export type PatientOverview = ApiData<'/api/patients/{id}/overview'>;
export type PatientDevice = Item<PatientOverview['currentDevices']>;
export type OrderMessage = Item<ApiData<'/api/messages'>>;
export type CartEstimate = ApiData<'/api/orders/{id}/estimate', 'post'>;
export type CartEstimateLine = Item<CartEstimate['lines']>;
export type CartEstimateInput = ApiBody<'/api/orders/{id}/estimate', 'post'>;
export type Favourite = Item<ApiData<'/api/ordering/favourites'>>;
export type ReorderResult = ApiData<'/api/orders/{id}/reorder', 'post'>;
export type PrescriptionClass = Item<ApiData<'/api/ordering/prescription-classes'>>;
export type MeasurementDefinition = Item<PrescriptionClass['measurements']>;
export type OrderPrescription = NonNullable<Order['prescription']>;
export type FollowUpItem = Item<ApiData<'/api/ordering/follow-ups'>['items']>;
export type AttachmentKind = 'instruction' | 'riskAnalysis' | 'motivation' | 'incidentDescription' | 'photo' | 'other';
export type FaultCategory = NonNullable<OrderDetails['faultReport']>['category'];
export type DeviationKind = NonNullable<OrderDetails['deviation']>['kind'];
export type CancelReason = NonNullable<Item<ApiData<'/api/provision/orders/{id}'>['lines']>['cancelReason']>;

export const ORDER_STATUSES = allOf<OrderStatus>()(['draft', 'submitted', 'received', 'inProgress', 'delivered', 'done', 'cancelled']);
export const ATTACHMENT_KINDS = allOf<AttachmentKind>()(['instruction', 'riskAnalysis', 'motivation', 'incidentDescription', 'photo', 'other']);

// ---------- form inputs ----------
export type MembershipInput = Item<UserCreate['memberships']>;
/** The fields the assortment role edits (PATCH sends the changed ones with `version`). */
export type ArticleFields = Required<Omit<ArticleUpdate, 'version'>>;
