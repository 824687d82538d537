-- Three CloudTrail management events as Security Lake stores its native source CLOUD_TRAIL_MGMT
-- version 2.0 (OCSF 1.1.0 API Activity, class 6003): nested STRUCT columns, `time` and
-- `actor.session.created_time` as TIMESTAMP (not epoch-ms BIGINT), `unmapped` as a
-- MAP(VARCHAR, VARCHAR), and columns that are not OCSF attributes (`accountid`, `region`,
-- `asl_version`). Written with gzip column compression, which is what `.gz.parquet` means.
-- Written for these tests from AWS's documented OCSF 1.1.0 shapes; no recorded data.
CREATE TABLE cloudtrail AS
SELECT * FROM (VALUES
  (
    {'product': {'version': '1.10', 'name': 'CloudTrail', 'vendor_name': 'AWS', 'feature': {'name': 'Management'}},
     'uid': '5f1c7e4a-0c3b-4f7e-9a51-2d7e1f0b6a01', 'profiles': ['cloud', 'datetime'], 'version': '1.1.0'},
    TIMESTAMP '2026-03-01 08:15:02.123',
    {'region': 'us-east-1', 'provider': 'AWS'},
    {'response': {'error': NULL, 'message': NULL}, 'operation': 'CreateUser',
     'service': {'name': 'iam.amazonaws.com'}, 'request': {'uid': 'c1a2b3d4-0000-4000-8000-000000000001'}},
    {'user': {'type': 'AssumedRole', 'name': 'admin-session', 'uid': 'AROAEXAMPLEROLEID01:admin-session',
              'account': {'uid': '123456789012'}},
     'session': {'created_time': TIMESTAMP '2026-03-01 08:00:00', 'is_mfa': true, 'issuer': 'arn:aws:iam::123456789012:role/Admin'},
     'invoked_by': NULL},
    {'user_agent': 'aws-cli/2.15.0'},
    {'ip': '198.51.100.7', 'domain': NULL},
    [{'uid': 'arn:aws:iam::123456789012:user/build-bot', 'type': 'AWS::IAM::User'}],
    'API Activity', 6003, 'Application Activity', 6, 'Informational', 1, 'Success', 1,
    'Create', 1, 'API Activity: Create', 600301,
    MAP {'eventSource': 'iam.amazonaws.com', 'recipientAccountId': '123456789012'},
    '123456789012', 'us-east-1', '2.0'
  ),
  (
    {'product': {'version': '1.10', 'name': 'CloudTrail', 'vendor_name': 'AWS', 'feature': {'name': 'Management'}},
     'uid': '5f1c7e4a-0c3b-4f7e-9a51-2d7e1f0b6a02', 'profiles': ['cloud', 'datetime'], 'version': '1.1.0'},
    TIMESTAMP '2026-03-01 09:40:11.500',
    {'region': 'us-east-1', 'provider': 'AWS'},
    {'response': {'error': 'AccessDenied', 'message': 'User is not authorized to perform s3:PutBucketPolicy'},
     'operation': 'PutBucketPolicy',
     'service': {'name': 's3.amazonaws.com'}, 'request': {'uid': 'c1a2b3d4-0000-4000-8000-000000000002'}},
    {'user': {'type': 'IAMUser', 'name': 'build-bot', 'uid': 'AIDAEXAMPLEUSERID001',
              'account': {'uid': '123456789012'}},
     'session': NULL,
     'invoked_by': NULL},
    {'user_agent': 'Boto3/1.34.0'},
    {'ip': '203.0.113.20', 'domain': NULL},
    [{'uid': 'arn:aws:s3:::acme-logs', 'type': 'AWS::S3::Bucket'}],
    'API Activity', 6003, 'Application Activity', 6, 'Medium', 3, 'Failure', 2,
    'Update', 3, 'API Activity: Update', 600303,
    MAP {'eventSource': 's3.amazonaws.com', 'errorCode': 'AccessDenied'},
    '123456789012', 'us-east-1', '2.0'
  ),
  (
    {'product': {'version': '1.10', 'name': 'CloudTrail', 'vendor_name': 'AWS', 'feature': {'name': 'Management'}},
     'uid': '5f1c7e4a-0c3b-4f7e-9a51-2d7e1f0b6a03', 'profiles': ['cloud', 'datetime'], 'version': '1.1.0'},
    TIMESTAMP '2026-03-01 07:05:00',
    {'region': 'us-east-1', 'provider': 'AWS'},
    {'response': {'error': NULL, 'message': NULL}, 'operation': 'DescribeInstances',
     'service': {'name': 'ec2.amazonaws.com'}, 'request': {'uid': 'c1a2b3d4-0000-4000-8000-000000000003'}},
    {'user': {'type': 'AWSService', 'name': NULL, 'uid': NULL, 'account': NULL},
     'session': NULL,
     'invoked_by': 'autoscaling.amazonaws.com'},
    {'user_agent': 'autoscaling.amazonaws.com'},
    {'ip': NULL, 'domain': 'autoscaling.amazonaws.com'},
    NULL,
    'API Activity', 6003, 'Application Activity', 6, 'Informational', 1, 'Success', 1,
    'Read', 2, 'API Activity: Read', 600302,
    MAP {'eventSource': 'ec2.amazonaws.com'},
    '123456789012', 'us-east-1', '2.0'
  )
) AS t(metadata, "time", cloud, api, actor, http_request, src_endpoint, resources,
       class_name, class_uid, category_name, category_uid, severity, severity_id, status, status_id,
       activity_name, activity_id, type_name, type_uid, unmapped, accountid, region, asl_version);
COPY (SELECT * FROM cloudtrail ORDER BY "time") TO '{{path}}' (FORMAT parquet, COMPRESSION gzip);
