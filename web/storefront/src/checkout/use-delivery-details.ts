import { useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { Address, Cart, ShippingChoice } from "../api/types.ts";
import type { useCart } from "../state/cart-context.tsx";
import {
  type AddressField,
  type AddressForm,
  addressFieldOrder,
  asSentence,
  type Errors,
  fromAddress,
  toAddress,
  validateAddress,
  validateEmail,
} from "./validation.ts";

const addressLabels: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  company: "Company",
  line1: "Address",
  line2: "Apartment",
  city: "City",
  region: "Region",
  postalCode: "Postal code",
  country: "Country",
  phone: "Phone",
};

interface DeliveryInputs {
  cart: Cart | null;
  session: ReturnType<typeof useCart>["session"];
  currency: string;
  replaceCart(cart: Cart): void;
  /** The signed-in customer's email; filled in when they sign in. */
  signedInEmail: string | undefined;
  /** The account's first saved address, filled in when the shopper has not started one. */
  firstSavedAddress: Address | undefined;
  focusField(name: string): void;
}

/**
 * The contact, address and shipping steps: their form state, saving each to the cart once valid
 * and changed (so a blur or a re-render never saves twice), the shipping options for the saved
 * address (the cheapest pre-selected), and field errors from the API mapped onto the form.
 */
export function useDeliveryDetails({
  cart,
  session,
  currency,
  replaceCart,
  signedInEmail,
  firstSavedAddress,
  focusField,
}: DeliveryInputs) {
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string>();
  const [address, setAddress] = useState<AddressForm>(() =>
    fromAddress(null, currency === "EUR" ? "DE" : "US"),
  );
  const [addressErrors, setAddressErrors] = useState<Errors<AddressField>>({});
  const [savingAddress, setSavingAddress] = useState(false);
  const [options, setOptions] = useState<ShippingChoice[] | null>(null);
  const [loadingOptions, setLoadingOptions] = useState(false);
  const [shippingError, setShippingError] = useState<string>();
  const saved = useRef({ email: null as string | null, address: null as string | null });
  const initialised = useRef(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const shippingRef = useRef<HTMLInputElement>(null);

  const loadOptions = useCallback(
    async (current: Cart) => {
      if (!session) return;
      setLoadingOptions(true);
      try {
        const list = await api.listShippingOptions(current.id, session.token);
        setOptions(list);
        setShippingError(undefined);
        const chosen = current.shippingMethod && list.some((o) => o.id === current.shippingMethod?.id);
        // Pre-select the first (cheapest) method: one less decision, and the summary shows its price.
        if (!chosen && list[0])
          replaceCart(await api.setShippingMethod(current.id, session.token, list[0].id));
      } catch (error) {
        setShippingError(error instanceof ApiProblem ? error.message : "We couldn't load shipping options.");
      } finally {
        setLoadingOptions(false);
      }
    },
    [session, replaceCart],
  );

  // Fill the form once from what the cart already knows (a returning shopper, a reload).
  useEffect(() => {
    if (!cart || initialised.current) return;
    initialised.current = true;
    if (cart.email) {
      setEmail(cart.email);
      saved.current.email = cart.email;
    }
    if (cart.shippingAddress) {
      const form = fromAddress(cart.shippingAddress, "US");
      setAddress(form);
      saved.current.address = JSON.stringify(toAddress(form));
      void loadOptions(cart);
    }
  }, [cart, loadOptions]);

  const saveEmail = useCallback(async (): Promise<boolean> => {
    const error = validateEmail(email);
    setEmailError(error);
    if (error || !session) return !error;
    const value = email.trim();
    if (saved.current.email === value) return true;
    try {
      replaceCart(await api.setContact(session.cartId, session.token, value));
      saved.current.email = value;
      return true;
    } catch (e) {
      const fieldMessage = e instanceof ApiProblem ? e.fieldErrors().email : undefined;
      setEmailError(
        fieldMessage
          ? asSentence("Email", fieldMessage)
          : e instanceof ApiProblem
            ? e.message
            : "We couldn't save your email.",
      );
      return false;
    }
  }, [email, session, replaceCart]);

  const saveAddress = useCallback(
    async (form: AddressForm, showErrors: boolean): Promise<boolean> => {
      const errors = validateAddress(form);
      if (showErrors) setAddressErrors(errors);
      if (Object.keys(errors).length > 0 || !session) return false;
      const body = toAddress(form);
      const json = JSON.stringify(body);
      if (saved.current.address === json) return true;
      setSavingAddress(true);
      try {
        const next = await api.setShippingAddress(session.cartId, session.token, body);
        saved.current.address = json;
        replaceCart(next);
        setAddressErrors({});
        await loadOptions(next);
        return true;
      } catch (e) {
        if (e instanceof ApiProblem && e.problem.errors?.length) {
          const errors: Errors<AddressField> = {};
          for (const [field, message] of Object.entries(e.fieldErrors())) {
            if (field in addressLabels)
              errors[field as AddressField] = asSentence(addressLabels[field] ?? field, message);
          }
          setAddressErrors(errors);
          // Only a save the shopper asked for moves focus; a background save on blur must not.
          const first = addressFieldOrder.find((f) => errors[f]);
          if (showErrors && first) focusField(first);
          if (!first) setShippingError(e.message);
        } else setShippingError(e instanceof ApiProblem ? e.message : "We couldn't save your address.");
        return false;
      } finally {
        setSavingAddress(false);
      }
    },
    [session, replaceCart, loadOptions, focusField],
  );

  // Signing in fills what the account knows: its email, and its first saved address when the
  // shopper has not started typing one.
  useEffect(() => {
    if (signedInEmail) setEmail(signedInEmail);
  }, [signedInEmail]);
  useEffect(() => {
    if (signedInEmail && email === signedInEmail && saved.current.email !== email) void saveEmail();
  }, [signedInEmail, email, saveEmail]);
  const addressStarted = Boolean(address.line1.trim() || saved.current.address);
  useEffect(() => {
    if (!firstSavedAddress || addressStarted) return;
    const form = fromAddress(firstSavedAddress, "US");
    setAddress(form);
    void saveAddress(form, false);
  }, [firstSavedAddress, addressStarted, saveAddress]);

  const chooseMethod = async (id: string, pickupLocationId?: string) => {
    if (!session) return;
    setShippingError(undefined);
    try {
      replaceCart(await api.setShippingMethod(session.cartId, session.token, id, pickupLocationId));
    } catch (e) {
      setShippingError(e instanceof ApiProblem ? e.message : "We couldn't choose that shipping method.");
    }
  };

  return {
    email,
    setEmail,
    emailError,
    setEmailError,
    emailRef,
    saveEmail,
    address,
    setAddress,
    addressErrors,
    setAddressErrors,
    savingAddress,
    saveAddress,
    options,
    loadingOptions,
    shippingError,
    setShippingError,
    shippingRef,
    chooseMethod,
  };
}
