-- Notification read state becomes per user (NotificationRead). The shared Notification.readAt is dropped, NOT
-- carried over: it does not say who read a notice, and it may have been set by a viewer to hide an alert from the
-- admins. After this migration every existing notice is unread for every user (the fail-safe direction: an admin
-- sees an old alert once more rather than missing one), each user clears them with "Mark all read".

-- AlterTable
ALTER TABLE "Notification" DROP COLUMN "readAt";

-- CreateTable
CREATE TABLE "NotificationRead" (
    "notificationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("notificationId","userId")
);

-- CreateIndex
CREATE INDEX "NotificationRead_userId_idx" ON "NotificationRead"("userId");

-- AddForeignKey
ALTER TABLE "NotificationRead" ADD CONSTRAINT "NotificationRead_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRead" ADD CONSTRAINT "NotificationRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

