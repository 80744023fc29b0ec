-- neutralize the Alipay keys: a copied database must not take real payments
UPDATE payment_provider
   SET alipay_cn_app_id = NULL,
       alipay_cn_private_key = NULL,
       alipay_cn_public_key = NULL;
