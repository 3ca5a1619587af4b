import { lazy, Suspense } from 'react';
import { Loading } from '../../components/ui.tsx';

// The ordering pages load on first use, so the start page does not wait for them.

const OrdersPage = lazy(() => import('./OrdersPage.tsx').then((m) => ({ default: m.OrdersPage })));
const NewOrderPage = lazy(() => import('./NewOrderPage.tsx').then((m) => ({ default: m.NewOrderPage })));
const OrderPage = lazy(() => import('./OrderPage.tsx').then((m) => ({ default: m.OrderPage })));
const FollowUpsPage = lazy(() => import('./FollowUpsPage.tsx').then((m) => ({ default: m.FollowUpsPage })));
const PrescriptionClassesPage = lazy(() => import('./PrescriptionClassesPage.tsx').then((m) => ({ default: m.PrescriptionClassesPage })));
const OrderReceiptPage = lazy(() => import('./OrderReceiptPage.tsx').then((m) => ({ default: m.OrderReceiptPage })));

export const OrdersRoute = () => (
  <Suspense fallback={<Loading />}>
    <OrdersPage />
  </Suspense>
);
export const NewOrderRoute = () => (
  <Suspense fallback={<Loading />}>
    <NewOrderPage />
  </Suspense>
);
export const OrderRoute = ({ id }: { id: string }) => (
  <Suspense fallback={<Loading />}>
    <OrderPage id={id} />
  </Suspense>
);
export const OrderReceiptRoute = ({ id }: { id: string }) => (
  <Suspense fallback={<Loading />}>
    <OrderReceiptPage id={id} />
  </Suspense>
);
export const FollowUpsRoute = () => (
  <Suspense fallback={<Loading />}>
    <FollowUpsPage />
  </Suspense>
);
export const PrescriptionClassesRoute = () => (
  <Suspense fallback={<Loading />}>
    <PrescriptionClassesPage />
  </Suspense>
);
