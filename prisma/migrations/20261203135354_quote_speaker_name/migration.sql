-- AlterTable
ALTER TABLE "Quote" ADD COLUMN "speakerName" TEXT;
ALTER TABLE "Quote" ADD COLUMN "speakerRole" TEXT;

