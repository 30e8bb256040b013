import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, UploadForm, UploadRequest } from '../../domain/receipts/receipt.js';
import { sniffBytes, sniffType } from './sniff.js';

/**
 * Receipts in S3: a KMS-encrypted bucket (the form requires SSE-KMS with the bucket's key, so an
 * upload without it is refused by S3), pre-signed POST forms limited to the declared type and
 * size, the first bytes read back to sniff the type, and 5-minute GET links. GuardDuty Malware
 * Protection for S3 scans each new object (infra/parts/receipts.ts).
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyId: string,
    /** The web app's origin: `success_action_redirect` must be absolute for S3. */
    private readonly appOrigin: string,
  ) {}

  async uploadForm(input: UploadRequest): Promise<UploadForm> {
    const redirect = input.redirect === undefined ? undefined : `${this.appOrigin}${input.redirect}`;
    const fields: Record<string, string> = {
      'Content-Type': input.contentType,
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': this.kmsKeyId,
      ...(redirect !== undefined ? { success_action_redirect: redirect } : {}),
    };
    const post = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: input.key,
      Conditions: [
        ['content-length-range', 1, input.bytesMax],
        ['eq', '$Content-Type', input.contentType],
        ['eq', '$x-amz-server-side-encryption', 'aws:kms'],
        ['eq', '$x-amz-server-side-encryption-aws-kms-key-id', this.kmsKeyId],
        ...(redirect !== undefined
          ? [['eq', '$success_action_redirect', redirect] as ['eq', string, string]]
          : []),
      ],
      Fields: fields,
      Expires: input.expiresSeconds,
    });
    return { url: post.url, fields: post.fields };
  }

  async head(key: string): Promise<{ bytes: number } | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { bytes: out.ContentLength ?? 0 };
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  async sniff(key: string): Promise<string | undefined> {
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${sniffBytes - 1}` }),
    );
    const bytes = await out.Body?.transformToByteArray();
    return bytes ? sniffType(bytes) : undefined;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  link(key: string, expiresSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresSeconds,
    });
  }
}
