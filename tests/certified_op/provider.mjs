// An independent, certified OpenID provider (node's oidc-provider) for the tests, set up like
// ID-porten as far as Min plan needs: one confidential client with client_secret_basic, PKCE
// required, `iss` in the authorization response, id_tokens with pid, acr, amr and sid, and
// RP-initiated logout with the provider's own default settings. Its "login" is a fixed
// synthetic person, logged in without a page; consent is granted the same way.
//
//   node tests/certified_op/provider.mjs <client.json>
//
// client.json: {"client_id", "client_secret", "app_url"}. Listens on a free loopback port,
// prints {"issuer": ...} as one line on stdout when ready, and stops when stdin closes.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const client = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// Kari Nordmann, a synthetic person: the identity number is TestID's, not a real one.
const PERSON = { accountId: 'kari-nordmann', pid: '12838502510', acr: 'idporten-loa-high', amr: ['TestID'] };
const BACKCHANNEL_SINK = '/backchannel-logout-sink';

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomBytes(8).toString('hex'),
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [`${client.app_url}/logg-inn/callback`],
    post_logout_redirect_uris: [`${client.app_url}/logg-ut/ferdig`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    // ID-porten puts `sid` in every id_token; oidc-provider does so for a client registered for
    // back-channel logout with sessions (it no longer implements front-channel logout), so the
    // client is registered for that, with a sink here that accepts the calls.
    backchannel_logout_uri: `${issuer}${BACKCHANNEL_SINK}`,
    backchannel_logout_session_required: true,
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub', 'pid'], profile: ['locale'], acr: null, amr: null, sid: null, auth_time: null },
  // ID-porten's id_token carries pid itself; by default oidc-provider keeps such claims for userinfo.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, accountId) => (accountId !== PERSON.accountId ? undefined : {
    accountId,
    claims: async () => ({ sub: accountId, pid: PERSON.pid, locale: 'nb' }),
  }),
});
provider.on('server_error', (ctx, error) => { console.error('server_error', error); });

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  let result;
  if (details.prompt.name === 'login') {
    result = { login: { accountId: PERSON.accountId, acr: PERSON.acr, amr: PERSON.amr } };
  } else {
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes || {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
server.on('request', (req, res) => {
  const { pathname } = new URL(req.url, issuer);
  if (pathname === BACKCHANNEL_SINK) {
    req.resume();
    req.on('end', () => { res.writeHead(200).end(); });
  } else if (pathname.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      console.error('interaction failed', error);
      res.writeHead(500).end();
    });
  } else {
    handle(req, res);
  }
});

process.stdin.on('end', () => { server.close(); process.exit(0); });
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
