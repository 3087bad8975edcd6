"""Copy every object of the files bucket to a directory, or a directory back into a bucket.

Used by deploy/backup.sh and deploy/restore.sh (boto3 is already a dependency of the S3 storage).
Reads MOTCUA_S3_BUCKET, MOTCUA_S3_ENDPOINT_URL, MOTCUA_S3_REGION, MOTCUA_S3_ACCESS_KEY, MOTCUA_S3_SECRET_KEY.
Usage: python deploy/s3_files.py download DIR | upload DIR [BUCKET]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import boto3


def client():  # type: ignore[no-untyped-def]
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("MOTCUA_S3_REGION") or None,
        aws_access_key_id=os.environ.get("MOTCUA_S3_ACCESS_KEY") or None,
        aws_secret_access_key=os.environ.get("MOTCUA_S3_SECRET_KEY") or None,
    )


def download(target: Path, bucket: str) -> int:
    s3, count = client(), 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            path = target / obj["Key"]
            path.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, obj["Key"], str(path))
            count += 1
    return count


def upload(source: Path, bucket: str) -> int:
    s3, count = client(), 0
    existing = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
    if bucket not in existing:
        s3.create_bucket(Bucket=bucket)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        s3.upload_file(str(path), bucket, path.relative_to(source).as_posix())
        count += 1
    return count


if __name__ == "__main__":
    action, directory = sys.argv[1], Path(sys.argv[2])
    bucket = sys.argv[3] if len(sys.argv) > 3 else os.environ["MOTCUA_S3_BUCKET"]
    done = download(directory, bucket) if action == "download" else upload(directory, bucket)
    print(f"{done} files {'downloaded from' if action == 'download' else 'uploaded to'} {bucket}")
