-- AlterTable
ALTER TABLE "Quote" ADD COLUMN     "speakerName" TEXT,
ADD COLUMN     "speakerRole" TEXT;

