-- The local pg_net stand-in queues requests the way pg_net's API does (the relay sends them).
begin;
select plan(4);

select net.http_get('http://127.0.0.1:9/p', '{"q": "a b&c=d", "e": "1#2é"}'::jsonb) as get_id \gset
select is((select url from net.http_request_queue where id = :get_id),
          'http://127.0.0.1:9/p?e=1%232%C3%A9&q=a%20b%26c%3Dd', 'query parameters are percent-encoded');

select net.http_post('http://127.0.0.1:9/hook?x=1', '{"a": 1}'::jsonb, '{"y": "2"}'::jsonb) as post_id \gset
select is((select url from net.http_request_queue where id = :post_id), 'http://127.0.0.1:9/hook?x=1&y=2',
          'parameters are appended to an existing query string');
select is((select convert_from(body, 'UTF8')::jsonb from net.http_request_queue where id = :post_id), '{"a": 1}'::jsonb,
          'the JSON body is stored as bytes');
select is((select headers ->> 'Content-Type' from net.http_request_queue where id = :post_id), 'application/json',
          'http_post defaults to a JSON content type');

select * from finish();
rollback;
