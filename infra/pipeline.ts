import { Stack, type StackProps, Stage, type StageProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  CodeBuildStep,
  CodePipeline,
  CodePipelineSource,
  ManualApprovalStep,
  ShellStep,
} from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { EdgeStack } from './edge-stack.js';
import { LedgerStack } from './ledger-stack.js';
import type { DeploymentSettings } from './settings.js';

/**
 * Delivery in code (DESIGN.md 11d, docs/deploy.md): a CDK pipeline in a tooling account that, on
 * every push to the branch, runs `npm test` (lint, typecheck, every test: among them the restore
 * drill and cdk-nag over both stacks with dev and prod settings, test/infra/stack.test.ts, so an
 * unacknowledged finding fails the build), synthesises, deploys to staging in its own account, shows the diff prod would get,
 * and waits for a person's approval before deploying prod in its own account. Inside each stage
 * the API functions move by CodeDeploy canary (parts/delivery.ts), so a bad version rolls back.
 */

export interface PipelineSettings {
  /** owner/name of the repository, its branch, and the CodeStar connection to it. */
  repository: string;
  branch: string;
  connectionArn: string;
  staging: { account: string; settings: DeploymentSettings };
  prod: { account: string; settings: DeploymentSettings };
}

/** One deployment of the ledger: the edge stack in us-east-1 and the ledger stack, in one account. */
export class LedgerStage extends Stage {
  readonly ledger: LedgerStack;
  readonly edge: EdgeStack;

  constructor(scope: Construct, id: string, props: StageProps & { settings: DeploymentSettings }) {
    super(scope, id, props);
    const s = props.settings;
    this.edge = new EdgeStack(this, 'Edge', {
      stage: s.stage,
      logRetention: s.logRetention,
      env: { account: props.env?.account, region: 'us-east-1' },
      crossRegionReferences: true,
    });
    this.ledger = new LedgerStack(this, 'Ledger', {
      settings: s,
      webAclArn: this.edge.webAclArn,
      env: { account: props.env?.account, region: s.region },
      crossRegionReferences: true,
    });
  }
}

export class PipelineStack extends Stack {
  readonly pipeline: CodePipeline;

  constructor(scope: Construct, id: string, props: StackProps & { pipeline: PipelineSettings }) {
    super(scope, id, props);
    const p = props.pipeline;
    const source = CodePipelineSource.connection(p.repository, p.branch, { connectionArn: p.connectionArn });
    this.pipeline = new CodePipeline(this, 'Pipeline', {
      pipelineName: 'ehcp-ledger',
      // Each stage deploys into its own account, with CDK's bootstrap roles there.
      crossAccountKeys: true,
      enableKeyRotation: true,
      synth: new ShellStep('Synth', {
        input: source,
        installCommands: ['npm ci'],
        // `npm test` lints, typechecks and runs every test (the restore drill and cdk-nag among them).
        commands: ['npm test', 'npx cdk synth --app "npx tsx infra/pipeline-app.ts"'],
      }),
    });
    const staging = new LedgerStage(this, 'Staging', {
      env: { account: p.staging.account, region: p.staging.settings.region },
      settings: p.staging.settings,
    });
    this.pipeline.addStage(staging);
    const prod = new LedgerStage(this, 'Prod', {
      env: { account: p.prod.account, region: p.prod.settings.region },
      settings: p.prod.settings,
    });
    const lookupRole = `arn:${this.partition}:iam::${p.prod.account}:role/cdk-hnb659fds-lookup-role-${p.prod.account}-*`;
    // What prod would change, for the approver to read in the build log; then a person's approval.
    const diff = new CodeBuildStep('DiffProd', {
      commands: [
        'npm ci',
        `npx cdk diff --app "npx tsx infra/pipeline-app.ts" "${this.stackName}/Prod/*" || true`,
      ],
      rolePolicyStatements: [new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [lookupRole] })],
    });
    const approve = new ManualApprovalStep('ApproveProd', {
      comment: 'Read the DiffProd step and staging’s health before deploying to prod.',
    });
    approve.addStepDependency(diff);
    this.pipeline.addStage(prod, { pre: [diff, approve] });
  }
}
